import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../output/output-capture.js';
import { executeProcess } from './execute-process.js';

// A pre-spawned child whose exit is seen before its confirmation is read: what a loaded scheduler sees
// when a warm shell confirms, runs a short command and exits within one stalled loop turn.
function exitingBeforeConfirmation(confirmAfterMs: number) {
  const child = Object.assign(new EventEmitter(), { pid: 999_999, stdout: new PassThrough(), stderr: new PassThrough() });
  const accepted = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), confirmAfterMs));
  const start = () => {
    child.stdout.end('ran\n');
    child.stderr.end();
    setImmediate(() => child.emit('exit', 0, null));
  };
  return { child: child as unknown as ChildProcess, accepted, start };
}

describe('executeProcess with a pre-spawned child', () => {
  it('waits for a confirmation read after the exit, however late, instead of taking the run for one that never started', async () => {
    const output = new OutputCapture({ limitBytes: 1024 });
    // Longer than the 1 s drain cap that used to cut the wait short.
    const outcome = await executeProcess({ prespawned: exitingBeforeConfirmation(1500), output, timeoutMs: null });

    expect(outcome).toMatchObject({ exitCode: 0, lostBeforeStart: false });
    expect((await output.finish()).tail).toBe('ran');
  });
});
