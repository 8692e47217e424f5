import { closeSync, writeSync } from 'node:fs';
import { pino } from 'pino';
import { CHILD_ENV } from './child-environment.js';
import { bootTaskApp, exitWhenSettled, requiredEnv, resolveTaskBody, runTaskBody, stopController } from './task-child.js';
import { applyAssignment, MAX_ASSIGNMENT_BYTES, parseAssignment, WARM_CONTROL_FD, WARM_READY, WARM_STARTED, type WarmAssignment } from './warm-protocol.js';

// A warm Node child: spawned ahead of time by the daemon's warm pool, it boots the config (no plugins)
// first, says `ready` on its control channel, then waits for ONE assignment on stdin. It applies the
// assignment's LEGION_* variables, says `started`, closes the channel and from there on is a cold child
// in every respect (same task lookup, context, signals and exit codes). Stdin closing without an
// assignment (the pool stopped, or the daemon died) ends it quietly with 0.
async function main(): Promise<number> {
  const logger = pino({ name: 'legion-task', base: {} }, pino.destination({ fd: 1, sync: true }));
  const app = await bootTaskApp(logger);
  writeSync(WARM_CONTROL_FD, `${WARM_READY}\n`);
  const assignment = await readAssignment();
  if (assignment === null) return 0;
  // From here a stop must reach the task as `ctx.signal`, exactly as in a cold child.
  const controller = stopController();
  applyAssignment(assignment, process.env);
  logger.setBindings({ taskId: requiredEnv(CHILD_ENV.taskId), runId: requiredEnv(CHILD_ENV.runId) });
  writeSync(WARM_CONTROL_FD, `${WARM_STARTED}\n`);
  // Closed before the task runs, so nothing the task spawns inherits the channel.
  closeSync(WARM_CONTROL_FD);
  return runTaskBody(() => resolveTaskBody(async () => app), logger, controller);
}

/** The first line on stdin, parsed; `null` when stdin ends without one. */
function readAssignment(): Promise<WarmAssignment | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const { stdin } = process;
    const done = (settle: () => void) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      // Left paused, not destroyed: a task that reads stdin sees it end, as a cold child's /dev/null does.
      stdin.pause();
      settle();
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      if (newline !== -1) done(() => parseInto(text.slice(0, newline), resolve, reject));
      else if (size > MAX_ASSIGNMENT_BYTES) done(() => reject(new Error(`legion warm child: assignment longer than ${MAX_ASSIGNMENT_BYTES} bytes`)));
    };
    const onEnd = () => done(() => resolve(null));
    const onError = (error: Error) => done(() => reject(error));
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
  });
}

function parseInto(line: string, resolve: (assignment: WarmAssignment) => void, reject: (error: unknown) => void): void {
  try {
    resolve(parseAssignment(line));
  } catch (error) {
    reject(error);
  }
}

exitWhenSettled(main());
