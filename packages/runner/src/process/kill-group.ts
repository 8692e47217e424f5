import { readFileSync, readdirSync } from 'node:fs';

/**
 * Sends `signal` to the whole process group led by `pid` (children are spawned as group leaders),
 * so grandchildren started by a shell line are stopped too. `false` when the group is already gone.
 */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the group exists but belongs to someone else; fall back to the leader only.
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * `true` while any process of the group led by `pid` is still running. Zombies do not count: where PID 1
 * does not reap orphans (many containers), killed grandchildren stay zombies forever, and a group made
 * only of zombies runs nothing.
 */
export function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return hasLiveMember(pid);
}

function hasLiveMember(group: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // No procfs (macOS): the signal test above is all we know.
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Exited while we looked.
    }
    // Fields after the parenthesised command name (which may itself contain spaces or parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group && fields[0] !== 'Z') return true;
  }
  return false;
}
