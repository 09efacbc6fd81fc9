/**
 * Output comparison for the docs test: what a documented command printed against the `text` block
 * the documentation shows after it.
 *
 * Both sides are compared line by line, trailing spaces and leading or trailing blank lines ignored.
 * In the documented text, `…` matches any characters within a line (none included), and a line that
 * is only `…` matches any number of whole lines (none included). Everything else is literal.
 */

// eslint-disable-next-line no-control-regex -- escape sequences start with ESC; BEL ends an OSC title
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-2AB]/g;

/** What a terminal would leave: escape sequences removed, CRLF as LF, each line's last \r-overwrite. */
export function normalizeOutput(text: string): string[] {
  const lines = text
    .replace(ANSI, '')
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => (line.split('\r').pop() ?? '').trimEnd());
  return trimBlank(lines);
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Pattern = { any: true } | { any: false; line: RegExp };

function compile(expected: string): Pattern[] {
  return trimBlank(expected.split('\n').map((line) => line.trimEnd())).map((line) =>
    line.trim() === '…'
      ? { any: true }
      : { any: false, line: new RegExp(`^${line.split('…').map(escapeRegExp).join('.*?')}$`) },
  );
}

/** Does `actual` (already normalized lines) match the documented `expected` text? */
export function outputMatches(expected: string, actual: readonly string[]): boolean {
  const patterns = compile(expected);
  // memo[p][a]: can patterns from p on match actual lines from a on?
  const memo = new Map<number, boolean>();
  const match = (p: number, a: number): boolean => {
    const key = p * (actual.length + 1) + a;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const pattern = patterns[p];
    if (pattern === undefined) result = a === actual.length;
    else if (pattern.any) result = match(p + 1, a) || (a < actual.length && match(p, a + 1));
    else result = a < actual.length && pattern.line.test(actual[a] as string) && match(p + 1, a + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** A readable account of a mismatch: both texts, numbered, and the first line that differs. */
export function describeMismatch(expected: string, actual: readonly string[]): string {
  const patterns = compile(expected);
  let first = 0;
  for (; first < patterns.length && first < actual.length; first++) {
    const pattern = patterns[first] as Pattern;
    if (pattern.any || !pattern.line.test(actual[first] as string)) break;
  }
  const expectedLines = trimBlank(expected.split('\n').map((line) => line.trimEnd()));
  return [
    `first difference near line ${first + 1}`,
    '--- documented',
    ...expectedLines.map((line, i) => `${String(i + 1).padStart(3)}  ${line}`),
    '--- printed',
    ...actual.map((line, i) => `${String(i + 1).padStart(3)}  ${line}`),
  ].join('\n');
}
