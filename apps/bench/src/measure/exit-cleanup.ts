const cleanups = new Set<() => Promise<unknown> | unknown>();

/**
 * Registers work that must happen even when the run is interrupted (stopping extra redis-servers,
 * deleting a run's keys); returns a function that unregisters it once done normally.
 */
export function registerCleanup(cleanup: () => Promise<unknown> | unknown): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once (errors ignored: this is the last chance, not a check). */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch {
      // Best effort on the way out.
    }
  }
}
