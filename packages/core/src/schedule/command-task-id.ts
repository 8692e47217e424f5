import { createHash } from 'node:crypto';

const MAX_SLUG = 60;

/**
 * A deterministic, readable id for a command task: a slug of the command line
 * (`node scripts/backup.js` → `node-scripts-backup-js`), with a short hash suffix when the slug had to be
 * shortened so long commands that share a beginning stay distinct.
 */
export function commandTaskId(command: string | readonly string[]): string {
  const text = typeof command === 'string' ? command.trim() : command.join(' ');
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > 0 && slug.length <= MAX_SLUG) return slug;
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 8);
  return `${slug.slice(0, MAX_SLUG).replace(/-+$/, '') || 'command'}-${hash}`;
}
