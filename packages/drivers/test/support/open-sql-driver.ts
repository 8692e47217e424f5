// Child script: waits until the epoch millisecond in argv[4], then opens a SqlDriver on argv[2] with
// prefix argv[3] (which migrates the schema), pushes one run and exits; several of these started
// together race on the migration.
import { SqlDriver } from '../../src/sql.js';

const [url, prefix, startAt] = process.argv.slice(2);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const driver = new SqlDriver({ url: url ?? '', prefix });
await driver.push({ taskId: `opened-by-${process.pid}` });
await driver.close();
process.stdout.write('ok\n');
