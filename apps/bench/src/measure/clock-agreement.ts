import { preciseNow } from './precise-now.js';
import { SubjectProcess } from './subject-process.js';

/**
 * How closely `preciseNow()` of two processes agree, in µs: ping-pong over IPC, and for the fastest
 * round trip compare the other process's reading with the midpoint of ours. Cross-process latencies
 * in this benchmark are only as good as this figure.
 */
export async function measureClockAgreement(rounds = 50): Promise<number> {
  let pending: ((stamp: number) => void) | null = null;
  const echo = SubjectProcess.start<void>('clock-echo', null, {
    timeoutMs: 30_000,
    onEvent: (event) => pending?.(event as number),
  });
  try {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: Number.NaN };
    for (let round = 0; round < rounds; round++) {
      const sent = preciseNow();
      const stamp = await new Promise<number>((resolve) => {
        pending = resolve;
        echo.send('ping');
      });
      const received = preciseNow();
      if (received - sent < best.rtt) best = { rtt: received - sent, offset: stamp - (sent + received) / 2 };
    }
    return Math.abs(best.offset) * 1000 + (best.rtt * 1000) / 2;
  } finally {
    echo.send('stop');
    await echo.result.catch(() => undefined);
  }
}
