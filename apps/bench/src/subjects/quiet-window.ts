const MINUTE_MS = 60_000;

/**
 * Waits until a window of `durationMs` fits between two minute boundaries of the real clock (with
 * `marginMs` on both sides), so a steady-CPU sample never includes the burst of minute-level jobs
 * firing at :00. Waits at most about one minute; `durationMs` must be well under a minute.
 */
export async function waitForQuietWindow(durationMs: number, marginMs = 500): Promise<void> {
  const intoMinute = Date.now() % MINUTE_MS;
  let wait = 0;
  if (intoMinute < marginMs) wait = marginMs - intoMinute;
  else if (intoMinute + durationMs + marginMs >= MINUTE_MS) wait = MINUTE_MS - intoMinute + marginMs;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
