/** The runner module (heartbeat, daemon, boot …). */
export type RunnerModule = typeof import('@monkeyslegion/scheduler-runner');

/**
 * Loads the runner on first use, so `--help`, `--version` and usage errors answer without loading the
 * runner and every backend package behind it (the bulk of the start-up time).
 */
export function loadRunner(): Promise<RunnerModule> {
  return import('@monkeyslegion/scheduler-runner');
}
