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
  /**
   * When even shrinking cannot fit the width, columns are dropped, highest first; 0 never.
   * @default 0
   */
  drop?: number;
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

/**
 * Renders rows as an aligned text table that fits `maxWidth`: shrinkable columns give up width first
 * (cut with `…`), then droppable columns are left out.
 */
export function renderTable(allColumns: readonly TableColumn[], allRows: readonly (readonly TableCell[])[], options: RenderTableOptions = {}): string {
  const gap = options.gap ?? 2;
  let kept = allColumns.map((_column, index) => index);
  let widths: number[];
  for (;;) {
    widths = kept.map((index) => Math.max(length(allColumns[index]!.header), ...allRows.map((row) => length(row[index]?.text ?? ''))));
    if (options.maxWidth === undefined) break;
    const available = options.maxWidth - gap * (kept.length - 1);
    if (fit(kept.map((index) => allColumns[index]!), widths, available)) break;
    const droppable = kept.filter((index) => (allColumns[index]!.drop ?? 0) > 0);
    if (droppable.length === 0) break;
    const victim = droppable.reduce((worst, index) => ((allColumns[index]!.drop ?? 0) > (allColumns[worst]!.drop ?? 0) ? index : worst));
    kept = kept.filter((index) => index !== victim);
  }
  const columns = kept.map((index) => allColumns[index]!);
  const rows = allRows.map((row) => kept.map((index) => row[index] ?? { text: '' }));
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

// Shrinks `widths` in place, always taking from the currently widest shrinkable column (ties: the
// higher `shrink`), so one long id does not squeeze every other column; `true` when they now fit.
function fit(columns: readonly TableColumn[], widths: number[], available: number): boolean {
  let excess = widths.reduce((sum, width) => sum + width, 0) - available;
  const shrinkable = columns
    .map((column, index) => ({ index, shrink: column.shrink ?? 0, min: Math.max(column.minWidth ?? 8, 1) }))
    .filter((entry) => entry.shrink > 0);
  while (excess > 0) {
    let best: (typeof shrinkable)[number] | undefined;
    for (const entry of shrinkable) {
      if (widths[entry.index]! <= entry.min) continue;
      if (!best || widths[entry.index]! > widths[best.index]! || (widths[entry.index] === widths[best.index] && entry.shrink > best.shrink)) best = entry;
    }
    if (!best) return false;
    widths[best.index]!--;
    excess--;
  }
  return true;
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
