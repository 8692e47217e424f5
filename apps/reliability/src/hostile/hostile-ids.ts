/**
 * Task ids chosen to break naive key building: separators, glob characters of Redis SCAN, path
 * traversal, spaces, unicode (including a zero-width joiner and a lone surrogate), a prefix of another
 * id, look-alikes of already-encoded forms, and the longest id core accepts. Each is a valid id.
 */
export const HOSTILE_IDS: readonly string[] = [
  'a',
  'ab',
  'a:b',
  'a%3Ab',
  'a%3ab',
  '*',
  'a*',
  '?',
  '[a-z]',
  'a[b]c',
  '\\*',
  '../../../../tmp/escaped',
  '..',
  '.',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'with space',
  ' leading-and-trailing ',
  'ünïcödé',
  '日本語のタスク',
  '🚀 launch',
  'zero\u200dwidth',
  'lone\ud800surrogate',
  'A',
  'slot:cluster:a',
  'overlap:a',
  'x'.repeat(255),
  `${'x'.repeat(254)}y`,
];
