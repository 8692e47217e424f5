import net from 'node:net';
import { redactUrl } from '../url/redact-url.js';

/** Default URLs of the local services integration tests use. */
export const TEST_SERVICE_DEFAULTS = {
  redis: 'redis://127.0.0.1:6379',
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
} as const;

/** `REDIS_URL`, or the local default. */
export function testRedisUrl(): string {
  return process.env.REDIS_URL || TEST_SERVICE_DEFAULTS.redis;
}

/** `DATABASE_URL`, or the local default PostgreSQL database. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL || TEST_SERVICE_DEFAULTS.postgres;
}

/** A short unique prefix for one test run, so concurrent runs on one Redis/PostgreSQL never collide. */
export function uniqueTestPrefix(label = 't'): string {
  return `${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Checks whether the service at `url` accepts TCP connections. Outside CI an unreachable service
 * returns `false` after printing one loud line (so the suite can `describe.skipIf`); under `CI=true`
 * it throws, because in CI an unreachable service is a failure, never a skip.
 */
export async function isServiceAvailable(name: string, url: string, timeoutMs = 1500): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(parsed.port || defaultPort(parsed.protocol));
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: parsed.hostname || '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
  if (reachable) return true;
  const message = `${name} at ${redactUrl(url)} is unreachable`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${message}: integration tests cannot run (CI=true makes this a failure, not a skip)`);
  }
  console.warn(`\n!!! SKIPPING ${name} integration tests: ${message} (set CI=true to make this a failure)\n`);
  return false;
}

function defaultPort(protocol: string): number {
  if (protocol.startsWith('redis')) return 6379;
  if (protocol.startsWith('postgres')) return 5432;
  return 80;
}
