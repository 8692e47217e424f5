import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A parsed log line. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A debug-level pino logger that keeps every line in memory, for assertions on what was logged. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
