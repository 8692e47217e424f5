import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Task } from '@monkeyslegion/scheduler-core';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutputCapture } from '../../src/output/output-capture.js';
import { buildProcessSpec, commandRunEnv } from '../../src/process/build-process-spec.js';
import { executeProcess, type ExecutionOutcome } from '../../src/process/execute-process.js';
import { fitsWarmShell, shellAssignment, WARM_SHELL_END } from '../../src/process/warm-shell.js';
import { WarmPool } from '../../src/warm/warm-pool.js';
import { waitFor } from '../support/wait-for.js';

const SCHEDULED_AT = new Date('2026-03-02T10:00:00.000Z');
const PAYLOAD = JSON.stringify({ invoiceId: 42, note: "it's \"quoted\" $HOME `date` \\n" });

// Each runs once through a cold `/bin/sh -c` and once through a warm shell; everything observable must match.
const COMMANDS: Array<[string, string]> = [
  ['the run variables, $0 and no arguments', 'echo "$0|$#|$LEGION_TASK_ID|$LEGION_RUN_ID|$LEGION_SCHEDULED_AT|$LEGION_PAYLOAD"'],
  ['an exit code', 'echo before; exit 3'],
  ['set -e over several lines', 'set -e\necho one\nfalse\necho never'],
  ['a missing binary', 'echo start; legion-no-such-binary-xyz'],
  ['a syntax error on line 2', 'echo line1\necho ('],
  ['line numbers', 'echo "$LINENO"\necho "$LINENO"'],
  ['stdin at end of file', 'cat; echo "read $?"'],
  ['only stdin, stdout and stderr open', 'ls /proc/$$/fd | sort | tr "\\n" " "'],
  ['the working directory', 'pwd'],
  ['an EXIT trap', "trap 'echo bye' EXIT; echo hi"],
  ['quotes and a heredoc', "cat <<EOF\nit's \"$LEGION_TASK_ID\"\nEOF\nprintf '%s\\n' 'a'\\''b'"],
  ['no leaked reader variables', 'echo "${__legion_command-unset}|${__legion_line-unset}|${__legion_env-unset}"'],
  ['a SIGKILL of itself', 'echo dying; kill -9 $$'],
  ['exec replacing the shell', 'exec echo replaced'],
];

interface Observed {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy: ExecutionOutcome['stoppedBy'];
  stdout: string;
  stderr: string;
}

describe('warm shells run string commands exactly like a cold /bin/sh -c', () => {
  let dir: string;
  let pool: WarmPool | undefined;
  const logger = pino({ level: 'silent' });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'legion-warm-shell-'));
  });
  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const task = (command: string) => new Task({ id: 'shell-task', kind: 'command', command, expression: '* * * * *', timezone: 'UTC' });
  const context = { runId: 'run-1', scheduledAt: SCHEDULED_AT, configFile: '', cwd: '', payloadText: PAYLOAD };
  const capture = () => {
    const lines = { stdout: [] as string[], stderr: [] as string[] };
    return { lines, output: new OutputCapture({ limitBytes: 1024 * 1024, onLine: (stream, line) => lines[stream].push(line) }) };
  };
  const observe = async (outcome: Promise<ExecutionOutcome>, { lines, output }: ReturnType<typeof capture>): Promise<Observed> => {
    const { exitCode, signal, stoppedBy } = await outcome;
    await output.finish();
    return { exitCode, signal, stoppedBy, stdout: lines.stdout.join('\n'), stderr: lines.stderr.join('\n') };
  };
  const cold = (command: string, timeoutMs: number | null = null) => {
    const captured = capture();
    return observe(executeProcess({ spec: buildProcessSpec(task(command), { ...context, cwd: dir }), output: captured.output, timeoutMs, killGraceMs: 300 }), captured);
  };
  const warm = async (command: string, timeoutMs: number | null = null) => {
    pool = new WarmPool({ kind: 'shell', size: 1, configFile: '', cwd: dir, logger });
    pool.start();
    await waitFor('a warm shell', () => pool!.readyCount > 0, 10_000);
    const prespawned = pool.take({ env: commandRunEnv(task(command), context), command });
    if (!prespawned) throw new Error('no warm shell to take');
    const captured = capture();
    const observed = await observe(executeProcess({ prespawned, output: captured.output, timeoutMs, killGraceMs: 300 }), captured);
    expect(await prespawned.accepted).toBe(true);
    return observed;
  };

  it.each(COMMANDS)('matches for %s', async (_name, command) => {
    const expected = await cold(command);
    expect(await warm(command)).toEqual(expected);
  });

  it('stops a timed-out warm shell with its whole process group, like a cold one', async () => {
    const command = 'sleep 30 & sleep 30; echo never';
    const expected = await cold(command, 300);
    expect(expected).toMatchObject({ stoppedBy: 'timeout', signal: 'SIGTERM' });
    expect(await warm(command, 300)).toEqual(expected);
  });

  it('runs the command in the shell spawned ahead of time, under its pid', async () => {
    pool = new WarmPool({ kind: 'shell', size: 1, configFile: '', cwd: dir, logger });
    pool.start();
    const [waitingPid] = await waitFor('a warm shell', () => pool!.readyCount > 0 && pool!.pids, 10_000);
    const prespawned = pool.take({ env: commandRunEnv(task('echo "$$"'), context), command: 'echo "$$"' })!;
    const captured = capture();
    const observed = await observe(executeProcess({ prespawned, output: captured.output, timeoutMs: null }), captured);
    expect(observed).toMatchObject({ exitCode: 0, stdout: String(waitingPid) });
  });

  it('leaves to a cold spawn the commands a warm shell could not run verbatim', () => {
    expect(fitsWarmShell('echo ok')).toBe(true);
    expect(fitsWarmShell(`echo a\n${WARM_SHELL_END}\necho b`)).toBe(false);
    expect(fitsWarmShell('echo a\0b')).toBe(false);
    expect(shellAssignment('echo ok', { LEGION_PAYLOAD: '"a\nb"' })).toBeNull();
    expect(shellAssignment('echo ok', { LEGION_TASK_ID: "it's", LEGION_PAYLOAD: null })).toBe(`export LEGION_TASK_ID='it'\\''s'; unset LEGION_PAYLOAD\necho ok\n${WARM_SHELL_END}\n`);
  });
});
