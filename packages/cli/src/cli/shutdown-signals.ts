/** Signals that ask a long-running command to stop gracefully. */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Calls `onFirst` on the first SIGINT/SIGTERM (graceful stop) and `onSecond` on the next one (the
 * operator insists). Returns a function that removes the listeners.
 */
export function onShutdownSignals(onFirst: (signal: NodeJS.Signals) => void, onSecond: (signal: NodeJS.Signals) => void): () => void {
  let received = 0;
  const listener = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) onFirst(signal);
    else onSecond(signal);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, listener);
  };
}
