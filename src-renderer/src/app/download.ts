/**
 * Offers text as a file to save (the browser's download, Electron's save dialog): a Blob behind an
 * a[download] link, clicked once and released. Nothing leaves the machine.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; release the Blob after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
