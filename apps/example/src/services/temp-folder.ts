import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Service } from '@monkeyslegion/scheduler-core';

/** The app's scratch folder; files older than a cutoff are removed by the cleanup task. */
@Service()
export class TempFolder {
  readonly dir = path.resolve('.legion/tmp');

  async removeOlderThan(ageMs: number): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      const file = path.join(this.dir, name);
      if (Date.now() - (await stat(file)).mtimeMs > ageMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
