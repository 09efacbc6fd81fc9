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
  // Released once the download surely has its copy (Electron asks where to save it first).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
