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

/** `true` while any process of the group led by `pid` is alive. */
export function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
