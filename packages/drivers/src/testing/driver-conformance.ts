import { InvalidPayloadError, type Driver, type DriverStats, type PushRequest, type PushedRun } from '@monkeyslegion/scheduler-core';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { FailureLog } from '../run/failed-run.js';

/** A stored record written straight into the backend, bypassing every check `push` makes. */
export interface RawRunRecord {
  /** Task id as stored; omitted means the field/column is missing or empty. */
  readonly taskId?: string;
  /** Payload text as stored, not necessarily JSON. */
  readonly payload?: string;
}

/** What a conformance factory returns for one test. */
export interface DriverConformanceHarness {
  /** A fresh driver on an empty, private queue. */
  readonly driver: Driver;
  /** Closes `driver` and removes the queue's data (keys, tables, files). */
  cleanup(): Promise<void>;
  /** Opens another driver instance on the same queue (another "process"); the suite closes it. Without it the suite reuses `driver`. */
  openPeer?(): Promise<Driver>;
  /** Writes a record as a buggy producer would; the malformed-record tests are skipped (visibly) without it. */
  writeRawRun?(record: RawRunRecord): Promise<void>;
}

/** Tuning of the conformance suite. */
export interface DriverConformanceOptions {
  /**
   * Visibility timeout used where re-delivery is tested, in milliseconds.
   * @default 300
   */
  visibilityTimeoutMs?: number;
  /**
   * Runs pushed and drained by three concurrent consumers in the bulk test.
   * @default 1000
   */
  bulkRuns?: number;
}

const LONG_VISIBILITY_MS = 60_000;
const TASK = 'conformance:task';

/**
 * Registers the vitest suite every `Driver` must pass: delivery, visibility timeouts, extend, ack,
 * fail, release, delays, dedupe, `wait()`, payload validation, malformed records, counters and a
 * bulk drain by concurrent consumers. Run it against the real backend.
 *
 * @example
 * describeDriverConformance('redis', async () => {
 *   const driver = new RedisDriver({ url, prefix: `${uniqueTestPrefix()}:` });
 *   return { driver, cleanup: async () => { await flushPrefix(); await driver.close(); } };
 * });
 */
export function describeDriverConformance(
  name: string,
  factory: () => Promise<DriverConformanceHarness>,
  options: DriverConformanceOptions = {},
): void {
  const visibilityMs = options.visibilityTimeoutMs ?? 300;
  const bulkRuns = options.bulkRuns ?? 1000;

  describe(`Driver conformance: ${name}`, () => {
    let harness: DriverConformanceHarness;
    let driver: Driver;
    const peers: Driver[] = [];

    beforeEach(async () => {
      harness = await factory();
      driver = harness.driver;
    });

    afterEach(async () => {
      for (const peer of peers.splice(0)) await peer.close();
      await harness.cleanup();
    });

    async function openPeer(): Promise<Driver> {
      if (!harness.openPeer) return driver;
      const peer = await harness.openPeer();
      peers.push(peer);
      return peer;
    }

    async function claimEventually(from: Driver, consumer: string, limitMs: number): Promise<PushedRun[]> {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const runs = await from.claim(consumer, 10, LONG_VISIBILITY_MS);
        if (runs.length > 0 || Date.now() > deadline) return runs;
        await sleep(25);
      }
    }

    it('delivers a pushed run with its task id, payload, times and attempts, and forgets it after ack', async () => {
      const payloads: unknown[] = [
        { nested: { list: [1, 'two', null, true, 2.5, -0.25], text: 'żółw 🐢 "quoted" \\ back' } },
        [1, [2, [3]]],
        'plain text',
        0,
        null,
        false,
      ];
      const before = Date.now();
      const expected = new Map<string, unknown>();
      for (const payload of payloads) expected.set(await driver.push({ taskId: TASK, payload }), payload);
      const bare = await driver.push({ taskId: 'conformance:bare', dedupeKey: 'bare-key' });
      expect(new Set([...expected.keys(), bare]).size).toBe(payloads.length + 1);

      const runs = await driver.claim('consumer-a', 100, LONG_VISIBILITY_MS);
      expect(runs.map((run) => run.id).sort()).toEqual([...expected.keys(), bare].sort());
      for (const run of runs) {
        expect(run.attempts).toBe(1);
        expect(run.pushedAt).toBeInstanceOf(Date);
        expect(run.runAt).toBeInstanceOf(Date);
        // The backend's clock stamps pushes; allow it a little skew against ours.
        expect(Math.abs(run.pushedAt.getTime() - before)).toBeLessThan(30_000);
        expect(run.runAt.getTime()).toBeLessThanOrEqual(run.pushedAt.getTime() + 1);
        if (run.id === bare) {
          expect(run.taskId).toBe('conformance:bare');
          expect(run.payload).toBeUndefined();
          expect(run.dedupeKey).toBe('bare-key');
        } else {
          expect(run.taskId).toBe(TASK);
          expect(run.payload).toStrictEqual(expected.get(run.id));
          expect(run.dedupeKey).toBeUndefined();
        }
      }
      for (const run of runs) await driver.ack(run.id);
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
      expect(await driver.claim('consumer-a', 100, LONG_VISIBILITY_MS)).toEqual([]);
    });

    it('claims no more runs than max', async () => {
      for (let index = 0; index < 5; index += 1) await driver.push({ taskId: TASK, payload: { index } });
      expect(await driver.claim('consumer-a', 0, LONG_VISIBILITY_MS)).toEqual([]);
      expect(await driver.claim('consumer-a', 2, LONG_VISIBILITY_MS)).toHaveLength(2);
      expect(await driver.claim('consumer-a', 1, LONG_VISIBILITY_MS)).toHaveLength(1);
      expect(await driver.claim('consumer-b', 5, LONG_VISIBILITY_MS)).toHaveLength(2);
      expect(await driver.claim('consumer-b', 5, LONG_VISIBILITY_MS)).toHaveLength(0);
      expect(await driver.stats()).toMatchObject({ pending: 0, inFlight: 5 });
    });

    it('never hands the same run to two consumers claiming in parallel', async () => {
      const other = await openPeer();
      const pushed = new Set<string>();
      for (let index = 0; index < 60; index += 1) pushed.add(await driver.push({ taskId: TASK, payload: { index } }));
      const seen: string[] = [];
      for (let round = 0; round < 100; round += 1) {
        const batches = await Promise.all([
          driver.claim('consumer-a', 3, LONG_VISIBILITY_MS),
          other.claim('consumer-b', 3, LONG_VISIBILITY_MS),
          driver.claim('consumer-c', 2, LONG_VISIBILITY_MS),
          other.claim('consumer-d', 2, LONG_VISIBILITY_MS),
        ]);
        const ids = batches.flat().map((run) => run.id);
        if (ids.length === 0) break;
        seen.push(...ids);
      }
      expect(seen).toHaveLength(pushed.size);
      expect(new Set(seen)).toEqual(pushed);
    });

    it('re-delivers a run whose visibility timeout passed, with attempts incremented', async () => {
      const other = await openPeer();
      const id = await driver.push({ taskId: TASK, payload: { keep: 'me' } });
      const [first] = await driver.claim('consumer-a', 1, visibilityMs);
      expect(first?.id).toBe(id);
      expect(await other.claim('consumer-b', 1, LONG_VISIBILITY_MS)).toEqual([]);
      const again = await claimEventually(other, 'consumer-b', visibilityMs * 20);
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ id, taskId: TASK, payload: { keep: 'me' }, attempts: 2 });
      await other.ack(id);
      expect(await driver.stats()).toMatchObject({ pending: 0, inFlight: 0 });
    });

    it('keeps a run hidden while its claim is extended', async () => {
      const other = await openPeer();
      const id = await driver.push({ taskId: TASK });
      await driver.claim('consumer-a', 1, visibilityMs);
      await sleep(visibilityMs / 2);
      expect(await driver.extend(id, visibilityMs * 4)).toBe(true);
      await sleep(visibilityMs * 1.5);
      expect(await other.claim('consumer-b', 1, LONG_VISIBILITY_MS)).toEqual([]);
      expect(await driver.stats()).toMatchObject({ inFlight: 1, pending: 0 });
      await driver.ack(id);
      expect(await driver.extend(id, visibilityMs)).toBe(false);
      expect(await driver.extend('no-such-run', visibilityMs)).toBe(false);
    });

    it('reports a claim lost to another consumer when extending it', async (context: TestContext) => {
      if (!harness.openPeer) return context.skip('the harness has no openPeer(): a lost claim cannot be told apart in one instance');
      const other = await openPeer();
      const id = await driver.push({ taskId: TASK });
      await driver.claim('consumer-a', 1, visibilityMs);
      const stolen = await claimEventually(other, 'consumer-b', visibilityMs * 20);
      expect(stolen.map((run) => run.id)).toEqual([id]);
      expect(await driver.extend(id, LONG_VISIBILITY_MS)).toBe(false);
      expect(await other.extend(id, LONG_VISIBILITY_MS)).toBe(true);
      await other.ack(id);
    });

    it('never delivers an acked run again, even after its visibility timeout', async () => {
      const id = await driver.push({ taskId: TASK });
      await driver.claim('consumer-a', 1, visibilityMs);
      await driver.ack(id);
      await driver.ack(id);
      await sleep(visibilityMs * 1.5);
      expect(await driver.claim('consumer-b', 10, LONG_VISIBILITY_MS)).toEqual([]);
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    });

    it('counts a failed run and never delivers it again', async () => {
      const id = await driver.push({ taskId: TASK, payload: { n: 1 } });
      await driver.claim('consumer-a', 1, visibilityMs);
      await driver.fail(id, 'exit code 3: boom');
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 1 });
      await sleep(visibilityMs * 1.5);
      expect(await driver.claim('consumer-b', 10, LONG_VISIBILITY_MS)).toEqual([]);
      await driver.fail(id, 'again');
      expect((await driver.stats()).failed).toBe(1);
    });

    it('records the failure reason where it can be read back', async (context: TestContext) => {
      const log = driver as Driver & Partial<FailureLog>;
      if (typeof log.failures !== 'function') return context.skip('the driver has no failures() log');
      const id = await driver.push({ taskId: TASK });
      await driver.claim('consumer-a', 1, LONG_VISIBILITY_MS);
      await driver.fail(id, 'exit code 3: boom');
      const [failure] = await log.failures(10);
      expect(failure).toMatchObject({ id, taskId: TASK, reason: 'exit code 3: boom', attempts: 1 });
      expect(failure?.failedAt).toBeInstanceOf(Date);
    });

    it('makes a released run claimable at once by another consumer', async () => {
      const other = await openPeer();
      const id = await driver.push({ taskId: TASK, payload: 'again' });
      await driver.claim('consumer-a', 1, LONG_VISIBILITY_MS);
      await driver.release(id);
      expect(await driver.stats()).toMatchObject({ pending: 1, inFlight: 0 });
      const runs = await other.claim('consumer-b', 5, LONG_VISIBILITY_MS);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ id, payload: 'again', attempts: 2 });
      expect(await driver.extend(id, LONG_VISIBILITY_MS)).toBe(false);
      await other.ack(id);
    });

    it('holds a run back until its runAt and delivers past runAt at once', async () => {
      const runAt = new Date(Date.now() + 400);
      const later = await driver.push({ taskId: TASK, payload: 'later', runAt });
      const now = await driver.push({ taskId: TASK, payload: 'now', runAt: new Date(Date.now() - 60_000) });
      expect(await driver.stats()).toMatchObject({ pending: 1, delayed: 1 });
      expect((await driver.claim('consumer-a', 10, LONG_VISIBILITY_MS)).map((run) => run.id)).toEqual([now]);
      const runs = await claimEventually(driver, 'consumer-a', 10_000);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ id: later, payload: 'later', runAt });
      expect(Date.now()).toBeGreaterThanOrEqual(runAt.getTime() - 50);
    });

    it('collapses pushes with one dedupe key while the run is active and accepts a new one after ack or fail', async () => {
      const first = await driver.push({ taskId: TASK, dedupeKey: 'invoice:1', payload: 1 });
      expect(await driver.push({ taskId: TASK, dedupeKey: 'invoice:1', payload: 2 })).toBe(first);
      const second = await driver.push({ taskId: TASK, dedupeKey: 'invoice:2' });
      expect(second).not.toBe(first);
      expect(await driver.stats()).toMatchObject({ pending: 2 });

      const claimed = await driver.claim('consumer-a', 10, LONG_VISIBILITY_MS);
      expect(claimed.find((run) => run.id === first)?.payload).toBe(1);
      expect(await driver.push({ taskId: TASK, dedupeKey: 'invoice:1' })).toBe(first);
      await driver.ack(first);
      const third = await driver.push({ taskId: TASK, dedupeKey: 'invoice:1' });
      expect(third).not.toBe(first);
      await driver.fail(second, 'gave up');
      const fourth = await driver.push({ taskId: TASK, dedupeKey: 'invoice:2' });
      expect(fourth).not.toBe(second);

      const delayed = await driver.push({ taskId: TASK, dedupeKey: 'invoice:3', runAt: new Date(Date.now() + 60_000) });
      expect(await driver.push({ taskId: TASK, dedupeKey: 'invoice:3' })).toBe(delayed);
      expect(await driver.stats()).toMatchObject({ pending: 2, delayed: 1, inFlight: 0 });
    });

    it('wakes a waiting consumer promptly when another instance pushes', async (context: TestContext) => {
      if (!driver.wait) return context.skip('the driver has no wait()');
      const other = await openPeer();
      const timeoutMs = 20_000;
      const started = Date.now();
      const waiting = driver.wait(new AbortController().signal, timeoutMs);
      setTimeout(() => void other.push({ taskId: TASK }), 100);
      await waiting;
      expect(Date.now() - started).toBeLessThan(timeoutMs / 2);
      expect(await driver.claim('consumer-a', 1, LONG_VISIBILITY_MS)).toHaveLength(1);
    });

    it('returns from wait when its signal aborts, when runs are ready, and after its timeout otherwise', async (context: TestContext) => {
      if (!driver.wait) return context.skip('the driver has no wait()');
      const controller = new AbortController();
      let started = Date.now();
      const waiting = driver.wait(controller.signal, 20_000);
      setTimeout(() => controller.abort(), 50);
      await waiting;
      expect(Date.now() - started).toBeLessThan(10_000);

      started = Date.now();
      await driver.wait(controller.signal, 20_000);
      expect(Date.now() - started).toBeLessThan(10_000);

      started = Date.now();
      await driver.wait(new AbortController().signal, 250);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);

      await driver.push({ taskId: TASK });
      started = Date.now();
      await driver.wait(new AbortController().signal, 20_000);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('wakes a waiting consumer when a delayed run comes due', async (context: TestContext) => {
      if (!driver.wait) return context.skip('the driver has no wait()');
      const id = await driver.push({ taskId: TASK, runAt: new Date(Date.now() + 300) });
      const started = Date.now();
      await driver.wait(new AbortController().signal, 20_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await claimEventually(driver, 'consumer-a', 5_000)).map((run) => run.id)).toEqual([id]);
    });

    it('rejects unsafe payloads, bad task ids and extra fields with InvalidPayloadError and queues nothing', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      let deep: unknown = 1;
      for (let level = 0; level < 40; level += 1) deep = [deep];
      const bad: PushRequest[] = [
        { taskId: TASK, payload: 'x'.repeat(70 * 1024) },
        { taskId: TASK, payload: deep },
        { taskId: TASK, payload: { run: () => 'rm -rf /' } },
        { taskId: TASK, payload: { id: 1n } },
        { taskId: TASK, payload: { missing: undefined } },
        { taskId: TASK, payload: { ratio: Number.NaN } },
        { taskId: TASK, payload: cyclic },
        { taskId: TASK, payload: { when: new Date() } },
        { taskId: TASK, payload: JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
        { taskId: TASK, payload: JSON.parse('{"a":{"constructor":{"prototype":{}}}}') as unknown },
        { taskId: '' },
        { taskId: 'x'.repeat(256) },
        { taskId: 'task\nid' },
        { taskId: 42 as unknown as string },
        { taskId: TASK, dedupeKey: '' },
        { taskId: TASK, runAt: new Date(Number.NaN) },
        { taskId: TASK, command: 'rm -rf /' } as unknown as PushRequest,
      ];
      for (const request of bad) {
        await expect(driver.push(request)).rejects.toBeInstanceOf(InvalidPayloadError);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    });

    async function writeMalformedRecords(write: (record: RawRunRecord) => Promise<void>): Promise<void> {
      await write({ payload: '{"a":1}' });
      await write({ taskId: 'conformance:bad-json', payload: '{not json' });
      await write({ taskId: 'conformance:proto', payload: '{"__proto__":{"polluted":true}}' });
      await write({ taskId: 'bad\nid', payload: '1' });
    }

    async function claimUntilDelivered(): Promise<PushedRun[]> {
      const delivered: PushedRun[] = [];
      for (let round = 0; round < 10 && delivered.length === 0; round += 1) delivered.push(...(await driver.claim('consumer-a', 10, LONG_VISIBILITY_MS)));
      return delivered;
    }

    it('fails malformed stored records instead of crashing claim or delivering them', async (context: TestContext) => {
      if (!harness.writeRawRun) return context.skip('the harness has no writeRawRun()');
      await writeMalformedRecords(harness.writeRawRun);
      const good = await driver.push({ taskId: TASK, payload: { ok: true } });
      const delivered = await claimUntilDelivered();
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ id: good, taskId: TASK, payload: { ok: true } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 1, failed: 4 });
      await sleep(visibilityMs);
      expect(await driver.claim('consumer-b', 10, visibilityMs)).toEqual([]);
    });

    it('explains each failed malformed record in the failure log', async (context: TestContext) => {
      const log = driver as Driver & Partial<FailureLog>;
      if (!harness.writeRawRun || typeof log.failures !== 'function') return context.skip('needs writeRawRun() and a failures() log');
      await writeMalformedRecords(harness.writeRawRun);
      expect(await claimUntilDelivered()).toEqual([]);
      const reasons = (await log.failures(10)).map((failure) => failure.reason);
      expect(reasons).toHaveLength(4);
      expect(reasons.every((reason) => reason.startsWith('malformed record: '))).toBe(true);
      const all = reasons.join('\n');
      expect(all).toMatch(/task id is missing/);
      expect(all).toMatch(/not valid JSON/);
      expect(all).toMatch(/__proto__/);
      expect(all).toMatch(/control characters/);
    });

    it('keeps pending, delayed, in-flight and failed counters exact', async () => {
      const zero: DriverStats = { pending: 0, delayed: 0, inFlight: 0, failed: 0 };
      expect(await driver.stats()).toEqual(zero);
      for (let index = 0; index < 3; index += 1) await driver.push({ taskId: TASK, payload: index });
      await driver.push({ taskId: TASK, runAt: new Date(Date.now() + 60_000) });
      expect(await driver.stats()).toEqual({ pending: 3, delayed: 1, inFlight: 0, failed: 0 });
      const [first, second] = await driver.claim('consumer-a', 2, LONG_VISIBILITY_MS);
      expect(await driver.stats()).toEqual({ pending: 1, delayed: 1, inFlight: 2, failed: 0 });
      await driver.fail(first?.id ?? '', 'broken');
      await driver.ack(second?.id ?? '');
      expect(await driver.stats()).toEqual({ pending: 1, delayed: 1, inFlight: 0, failed: 1 });
      const [third] = await driver.claim('consumer-a', 1, LONG_VISIBILITY_MS);
      await driver.release(third?.id ?? '');
      expect(await driver.stats()).toEqual({ pending: 1, delayed: 1, inFlight: 0, failed: 1 });
      await driver.claim('consumer-a', 1, visibilityMs);
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 1, inFlight: 1, failed: 1 });
      await sleep(visibilityMs * 1.5);
      expect(await driver.stats()).toEqual({ pending: 1, delayed: 1, inFlight: 0, failed: 1 });
    });

    it(`delivers each of ${bulkRuns} pushed runs exactly once to three concurrent consumers`, async () => {
      const consumers = [driver, await openPeer(), await openPeer()];
      const pushed: string[] = [];
      for (let start = 0; start < bulkRuns; start += 50) {
        const batch = Array.from({ length: Math.min(50, bulkRuns - start) }, (_, offset) =>
          consumers[offset % consumers.length]!.push({ taskId: TASK, payload: { n: start + offset } }),
        );
        pushed.push(...(await Promise.all(batch)));
      }
      expect(new Set(pushed).size).toBe(bulkRuns);
      const deliveries = new Map<string, number>();
      await Promise.all(
        consumers.map(async (consumer, index) => {
          for (;;) {
            const runs = await consumer.claim(`bulk-${index}`, 25, LONG_VISIBILITY_MS);
            if (runs.length === 0) return;
            for (const run of runs) {
              deliveries.set(run.id, (deliveries.get(run.id) ?? 0) + 1);
              await consumer.ack(run.id);
            }
          }
        }),
      );
      expect(deliveries.size).toBe(bulkRuns);
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    }, 120_000);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
