import { Scheduled } from '@monkeyslegion/scheduler-core';
import { TempFolder } from '../services/temp-folder.js';

/** Removes scratch files older than an hour. */
@Scheduled({ expression: '*/30 * * * * *', description: 'Remove temp files older than 1 h' })
export class CleanupTempFiles {
  constructor(private readonly temp: TempFolder) {}

  async handle(): Promise<void> {
    const removed = await this.temp.removeOlderThan(60 * 60 * 1000);
    console.log(`removed ${removed} stale temp file(s) from ${this.temp.dir}`);
  }
}
