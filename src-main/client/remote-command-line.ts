/**
 * The command line a non-interactive command session runs (runCommand's `command`), from what the
 * user gave. One word is a shell command line (pipes, `;` and `exit 3` work: `exec web-1 --
 * 'df -h / && uptime'`); several words are an argv, each quoted for the remote shell, so `exec web-1
 * -- sh -c 'echo out; exit 4'` runs exactly that (ssh's old trap of joining the words, which loses the
 * quoting, is avoided). The agent splits its command shell-style and runs
 * it without a shell, hence `sh -c '<line>'` on Linux and macOS; Windows agents run the line with
 * PowerShell already, where an argv is called with `&`.
 */
export function remoteCommandLine(words: readonly string[], windows: boolean): string {
  if (windows) {
    return words.length === 1 ? (words[0] ?? '') : `& ${words.map(powerShellQuote).join(' ')}`;
  }
  const line = words.length === 1 ? (words[0] ?? '') : words.map(shellQuote).join(' ');
  return `sh -c ${singleQuoted(line)}`;
}

/** A POSIX shell word: as it is when it has nothing the shell would read, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : singleQuoted(word);
}

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A PowerShell argument: single-quoted (a quote inside doubled) unless plain. */
function powerShellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "''")}'`;
}
