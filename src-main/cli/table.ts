import { visibleLength } from './ansi.js';

export interface Column<T> {
  header: string;
  value(row: T): string;
  /** Optional styling of a cell (applied after padding is computed). */
  style?(text: string, row: T): string;
}

/** A plain text table: a header row and left-aligned columns separated by two spaces. */
export function renderTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  header = (s: string) => s,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => visibleLength(row[index] ?? ''))),
  );
  const line = (values: string[], styled: (text: string, index: number) => string): string =>
    values
      .map((value, index) => {
        const pad = ' '.repeat(Math.max(0, (widths[index] ?? 0) - visibleLength(value)));
        return index === values.length - 1 ? styled(value, index) : styled(value, index) + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [
    line(
      columns.map((c) => c.header),
      (text) => header(text),
    ),
  ];
  cells.forEach((row, rowIndex) =>
    out.push(line(row, (text, index) => columns[index]?.style?.(text, rows[rowIndex] as T) ?? text)),
  );
  return `${out.join('\n')}\n`;
}
