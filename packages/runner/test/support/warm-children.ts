import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { WARM_SHELL_END } from '../../src/process/warm-shell.js';
import { isProcessRunning } from './processes.js';

/**
 * Pids of the live warm children (booting, waiting or running) that boot `configFile`, found in /proc
 * the way an operator would: by their entry script and their LEGION_CONFIG.
 */
export function warmChildrenOf(configFile: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('warm-child-entry.js')) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`LEGION_CONFIG=${configFile}`)) continue;
    } catch {
      continue; // Exited while we looked.
    }
    if (isProcessRunning(Number(entry))) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}

/** Pids of the live warm shells still waiting for a command in the folder `cwd`, found in /proc. */
export function warmShellsIn(cwd: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(WARM_SHELL_END)) continue;
      if (readlinkSync(`/proc/${entry}/cwd`) !== cwd) continue;
    } catch {
      continue; // Exited while we looked.
    }
    if (isProcessRunning(Number(entry))) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
