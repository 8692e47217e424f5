/** One column of a table. */
export interface TableColumn {
  /** Header text. */
  header: string;
  /** @default 'left' */
  align?: 'left' | 'right';
  /**
   * How eagerly the column gives up width when the table is too wide: higher shrinks first, 0 never.
   * @default 0
   */
  shrink?: number;
  /** Narrowest the column gets when shrinking. @default 8 */
  minWidth?: number;
}

/** A cell: its text and an optional style (applied after truncation so escapes are never cut). */
export interface TableCell {
  text: string;
  style?: (text: string) => string;
}

/** Options of `renderTable`. */
export interface RenderTableOptions {
  /** Total width to fit (e.g. the terminal's columns); unlimited when omitted. */
  maxWidth?: number;
  /** Style of the header row. */
  headerStyle?: (text: string) => string;
  /** Spaces between columns. @default 2 */
  gap?: number;
}

const ELLIPSIS = '…';

/** Renders rows as an aligned text table, shrinking the shrinkable columns (with `…`) to fit `maxWidth`. */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], options: RenderTableOptions = {}): string {
  const gap = options.gap ?? 2;
  const widths = columns.map((column, index) => Math.max(length(column.header), ...rows.map((row) => length(row[index]?.text ?? ''))));
  if (options.maxWidth !== undefined) fit(columns, widths, options.maxWidth - gap * (columns.length - 1));
  const line = (cells: readonly TableCell[], header = false) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? { text: '' };
        const text = truncate(cell.text, widths[index]!);
        const padded = column.align === 'right' ? text.padStart(widths[index]!) : text.padEnd(widths[index]!);
        const style = header ? options.headerStyle : cell.style;
        // Style only the text, not the padding, so underlines and backgrounds do not run on.
        return style && text !== '' ? padded.replace(text, style(text)) : padded;
      })
      .join(' '.repeat(gap))
      .trimEnd();
  const headers = columns.map((column) => ({ text: column.header }));
  return [line(headers, true), ...rows.map((row) => line(row))].join('\n');
}

function fit(columns: readonly TableColumn[], widths: number[], available: number): void {
  let excess = widths.reduce((sum, width) => sum + width, 0) - available;
  const order = columns
    .map((column, index) => ({ index, shrink: column.shrink ?? 0, min: Math.max(column.minWidth ?? 8, 1) }))
    .filter((entry) => entry.shrink > 0)
    .sort((a, b) => b.shrink - a.shrink);
  for (const { index, min } of order) {
    if (excess <= 0) return;
    const give = Math.min(excess, Math.max(0, widths[index]! - min));
    widths[index]! -= give;
    excess -= give;
  }
}

function length(text: string): number {
  return [...text].length;
}

/** `text` cut to `width` characters with a trailing `…` when it was longer. */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  if (width <= 1) return ELLIPSIS.slice(0, width);
  return characters.slice(0, width - 1).join('').trimEnd() + ELLIPSIS;
}
