// A stand-in for a real backup: writes a timestamped marker file.
import { mkdir, writeFile } from 'node:fs/promises';

await mkdir('.legion/backups', { recursive: true });
const file = `.legion/backups/backup-${process.env.LEGION_SCHEDULED_AT?.replace(/[:.]/g, '-') ?? Date.now()}.txt`;
await writeFile(file, `backup of slot ${process.env.LEGION_SCHEDULED_AT}\n`);
console.log(`backup written to ${file}`);
