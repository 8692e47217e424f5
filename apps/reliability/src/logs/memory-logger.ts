import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A debug-level pino logger that keeps the raw text of every line, for searching logs for secrets. */
export function memoryLogger(): { logger: Logger; text(): string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => text };
}
