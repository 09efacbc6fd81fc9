/** What a benchmark returns, and how results become docs/benchmarks.md. */

export type Status = 'pass' | 'miss' | 'failed' | '';

export interface Table {
  /** Shown in bold above the table. */
  caption?: string;
  columns: string[];
  rows: string[][];
}

/** One line of the summary table at the top of the document. */
export interface SummaryRow {
  metric: string;
  value: string;
  target: string;
  status: Status;
}

export interface BenchResult {
  name: string;
  title: string;
  /** How it was measured (one paragraph). */
  method: string;
  tables: Table[];
  summary: SummaryRow[];
  /** The honest reading of the numbers (one paragraph). */
  interpretation: string;
  /** Anything that did not work, with the error text. */
  failures: string[];
  durationMs: number;
  /** ISO date of the run. */
  date: string;
}

export interface Benchmark {
  name: string;
  title: string;
  run(): Promise<Omit<BenchResult, 'durationMs' | 'date' | 'name' | 'title'>>;
}

export function statusOf(ok: boolean): Status {
  return ok ? 'pass' : 'miss';
}

export function statusText(status: Status): string {
  switch (status) {
    case 'pass':
      return 'pass';
    case 'miss':
      return '**miss**';
    case 'failed':
      return '**failed**';
    default:
      return '—';
  }
}

/** A markdown table, padded the way prettier pads it so `prettier --check` stays quiet. */
export function markdownTable(table: Table): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = [table.columns, ...table.rows].map((row) => row.map(escape));
  const widths = table.columns.map((_, column) =>
    Math.max(3, ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (row: string[]): string =>
    `| ${widths.map((width, column) => pad(row[column] ?? '', width)).join(' | ')} |`;
  const divider = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), divider, ...body.map(line)].join('\n');
}

function displayWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
