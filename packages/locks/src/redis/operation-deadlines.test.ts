import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OperationDeadlines } from './operation-deadlines.js';

/** A promise settled by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('OperationDeadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes the value of work that finishes in time, and then stops sweeping', async () => {
    const deadlines = new OperationDeadlines(1000);
    const work = deferred<string>();
    const running = deadlines.run(work.promise, () => new Error('late'));
    vi.advanceTimersByTime(900);
    work.resolve('done');
    await expect(running).resolves.toBe('done');
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the rejection of work that fails in time', async () => {
    const deadlines = new OperationDeadlines(1000);
    const work = deferred<string>();
    const running = deadlines.run(work.promise, () => new Error('late'));
    work.reject(new Error('refused'));
    await expect(running).rejects.toThrow('refused');
  });

  it('rejects with the timeout error after the bound and before 1.1 times the bound', async () => {
    const deadlines = new OperationDeadlines(1000);
    const running = deadlines.run(new Promise<never>(() => undefined), () => new Error('no answer within 1000 ms'));
    let settled = false;
    running.catch(() => {
      settled = true;
    });
    vi.advanceTimersByTime(999);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(101);
    await expect(running).rejects.toThrow('no answer within 1000 ms');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands a success that arrives after the deadline to onLateSuccess instead of the caller', async () => {
    const deadlines = new OperationDeadlines(100);
    const work = deferred<string>();
    const late: string[] = [];
    const running = deadlines.run(work.promise, () => new Error('late'), (value) => late.push(value));
    vi.advanceTimersByTime(120);
    await expect(running).rejects.toThrow('late');
    work.resolve('acquired anyway');
    await work.promise;
    await Promise.resolve();
    expect(late).toEqual(['acquired anyway']);
  });

  it('bounds each of several overlapping operations by its own start', async () => {
    const deadlines = new OperationDeadlines(1000);
    const first = deadlines.run(new Promise<never>(() => undefined), () => new Error('first'));
    first.catch(() => undefined);
    vi.advanceTimersByTime(500);
    const second = deadlines.run(new Promise<never>(() => undefined), () => new Error('second'));
    let secondSettled = false;
    second.catch(() => {
      secondSettled = true;
    });
    vi.advanceTimersByTime(600);
    await expect(first).rejects.toThrow('first');
    expect(secondSettled).toBe(false);
    vi.advanceTimersByTime(500);
    await expect(second).rejects.toThrow('second');
  });

  it('lets a reply that was read in the same loop turn as an overdue sweep win over the timeout', async () => {
    // After a stall, the sweep (a timer) runs before the socket is read: the reply is already there.
    const deadlines = new OperationDeadlines(100);
    const work = deferred<string>();
    const late: string[] = [];
    const running = deadlines.run(work.promise, () => new Error('late'), (value) => late.push(value));
    vi.advanceTimersByTime(120);
    work.resolve('landed in time');
    await expect(running).resolves.toBe('landed in time');
    expect(late).toEqual([]);
  });
});
