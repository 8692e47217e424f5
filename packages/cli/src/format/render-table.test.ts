import { describe, expect, it } from 'vitest';
import { renderTable, truncate } from './render-table.js';

describe('renderTable', () => {
  const columns = [{ header: 'ID', shrink: 1, minWidth: 4 }, { header: 'N', align: 'right' as const }, { header: 'NOTE', shrink: 2, minWidth: 5 }];
  const rows = [
    [{ text: 'a-very-long-task-id' }, { text: '7' }, { text: 'a description that is long' }],
    [{ text: 'short' }, { text: '12' }, { text: '' }],
  ];

  it('aligns columns to their widest cell and right-aligns numbers', () => {
    expect(renderTable(columns, rows).split('\n')).toEqual([
      'ID                    N  NOTE',
      'a-very-long-task-id   7  a description that is long',
      'short                12',
    ]);
  });

  it('shrinks the widest shrinkable columns, with an ellipsis, to fit the width', () => {
    const lines = renderTable(columns, rows, { maxWidth: 40 }).split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines[1]).toBe('a-very-long-task…   7  a description th…');
    const narrow = renderTable(columns, rows, { maxWidth: 20 }).split('\n');
    expect(narrow[1]).toBe('a-very…   7  a desc…');
  });

  it('styles cell text after truncation, leaving padding unstyled', () => {
    const table = renderTable([{ header: 'S' }, { header: 'X' }], [[{ text: 'ok', style: (text) => `<${text}>` }, { text: 'x' }]]);
    expect(table.split('\n')[1]).toBe('<ok>  x');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the width including the ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 1)).toBe('…');
  });
});

describe('renderTable on a very narrow terminal', () => {
  it('drops the most droppable columns when shrinking is not enough', () => {
    const columns = [
      { header: 'ID', minWidth: 4, shrink: 1 },
      { header: 'WHEN' },
      { header: 'NOTE', drop: 2, shrink: 1, minWidth: 6 },
      { header: 'TAGS', drop: 1 },
    ];
    const rows = [[{ text: 'backup' }, { text: '02:00' }, { text: 'nightly database backup' }, { text: 'db' }]];
    expect(renderTable(columns, rows, { maxWidth: 22 }).split('\n')).toEqual(['ID      WHEN   TAGS', 'backup  02:00  db']);
    expect(renderTable(columns, rows, { maxWidth: 12 }).split('\n')).toEqual(['ID     WHEN', 'back…  02:00']);
  });
});
