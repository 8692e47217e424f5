import { existsSync, readFileSync } from 'node:fs';

/** One pino log line. */
export interface JsonLogLine {
  readonly level: number;
  readonly time: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The parsed lines of pino JSON log files (a torn last line of a killed process is dropped). */
export function readJsonLogs(files: readonly string[]): JsonLogLine[] {
  const lines: JsonLogLine[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      try {
        lines.push(JSON.parse(text) as JsonLogLine);
      } catch {
        // Only a process killed mid-write leaves a partial line, and only as its last one.
      }
    }
  }
  return lines;
}

/** Raw text of the files, for searching them for secrets. */
export function readRawLogs(files: readonly string[]): string {
  return files.map((file) => (existsSync(file) ? readFileSync(file, 'utf8') : '')).join('\n');
}
