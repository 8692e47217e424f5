import { pino, type Logger } from 'pino';

/**
 * The default logger: JSON lines on stderr (stdout stays free for command output such as `--json`),
 * level from `LEGION_LOG_LEVEL` (@default `info`).
 */
export function createLogger(name = 'legion'): Logger {
  return pino({ name, level: process.env.LEGION_LOG_LEVEL ?? 'info' }, pino.destination({ fd: 2, sync: true }));
}
