import { readFileSync } from 'node:fs';

/**
 * `true` while `pid` is a live process. A zombie counts as dead: it runs nothing, and on machines whose
 * PID 1 does not reap orphans (containers) killed grandchildren stay zombies forever.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Reads the pids a task wrote, one per line. */
export function readPids(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.trim()));
}
