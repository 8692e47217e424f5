import { describe, expect, it } from 'vitest';
import { WakeSignal } from './wake-signal.js';

describe('WakeSignal', () => {
  it('resolves an armed wait when notified, even if the notification came before waiting began', async () => {
    const signal = new WakeSignal();
    const armed = signal.arm();
    signal.notify();
    const started = Date.now();
    await armed.until(60_000, new AbortController().signal);
    armed.disarm();
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('resolves on abort and on timeout', async () => {
    const signal = new WakeSignal();
    const controller = new AbortController();
    const armed = signal.arm();
    const waiting = armed.until(60_000, controller.signal);
    controller.abort();
    await waiting;
    armed.disarm();
    const second = signal.arm();
    let resolved = false;
    const short = second.until(20, new AbortController().signal).then(() => {
      resolved = true;
    });
    expect(resolved).toBe(false);
    await short;
    expect(resolved).toBe(true);
    second.disarm();
  });

  it('does not wake a wait that was disarmed', async () => {
    const signal = new WakeSignal();
    const armed = signal.arm();
    armed.disarm();
    signal.notify();
    let resolved = false;
    const waiting = armed.until(50, new AbortController().signal).then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).toBe(false);
    await waiting;
  });
});
