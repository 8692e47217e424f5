import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.resolve(here, '../../..');
/** The built binary under test. */
export const LEGION_BIN = path.resolve(here, '../../dist/bin.js');
const WORKSPACE_PACKAGES = ['core', 'cache', 'locks', 'drivers', 'runner'];

/** What one `legion` invocation did. */
export interface LegionResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `legion` process with its output so far. */
export interface LegionProcess {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves when `pattern` shows up in stdout or stderr. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves with the result when the process exits. */
  readonly done: Promise<LegionResult>;
}

/**
 * A copy of a fixture app in its own temp folder, with a `node_modules/@monkeyslegion` symlink farm
 * pointing at the workspace packages so the config's imports resolve. Every data file (SQLite database,
 * file locks, manifest) and task output goes to the current session's folders (`isolate()`), which the
 * fixture reads from LEGION_TEST_DATA_DIR and LEGION_TEST_OUT.
 */
export class LegionApp {
  private session = 0;
  private sessionEnv: NodeJS.ProcessEnv = {};

  private constructor(readonly dir: string) {}

  /** Copies `test/fixtures/<name>` into a fresh temp folder and starts a first session. */
  static async create(name = 'app'): Promise<LegionApp> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `legion-e2e-${name}-`));
    await cp(path.resolve(here, '../fixtures', name), dir, { recursive: true });
    await mkdir(path.join(dir, 'node_modules', '@monkeyslegion'), { recursive: true });
    for (const pkg of WORKSPACE_PACKAGES) {
      await symlink(path.join(packagesDir, pkg), path.join(dir, 'node_modules', '@monkeyslegion', `scheduler-${pkg}`), 'dir');
    }
    const app = new LegionApp(dir);
    await app.isolate();
    return app;
  }

  /**
   * Starts a new session: the following commands get a fresh data folder (database, locks, manifest,
   * state) and output folder, while the app itself (and jiti's transform cache for it) is reused.
   */
  async isolate(): Promise<void> {
    this.session++;
    const base = path.join(this.dir, 'sessions', String(this.session));
    await mkdir(path.join(base, 'data'), { recursive: true });
    await mkdir(path.join(base, 'out'), { recursive: true });
    this.sessionEnv = { LEGION_TEST_DATA_DIR: path.join(base, 'data'), LEGION_TEST_OUT: path.join(base, 'out') };
  }

  /** Absolute path of a file inside the app. */
  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Reads a file the tasks wrote in this session's output folder, `null` when it does not exist. */
  async read(name: string): Promise<string | null> {
    return readFile(path.join(this.sessionEnv.LEGION_TEST_OUT!, name), 'utf8').catch(() => null);
  }

  /** Runs `legion <args>` in the app folder (or `cwd`) and waits for it to exit. */
  run(args: readonly string[], env: NodeJS.ProcessEnv = {}, { timeoutMs = 30_000, cwd }: { timeoutMs?: number; cwd?: string } = {}): Promise<LegionResult> {
    const started = this.start(args, env, cwd);
    const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
    return started.done.finally(() => clearTimeout(timer));
  }

  /** Starts `legion <args>` in the app folder (or `cwd`) without waiting. */
  start(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = this.dir): LegionProcess {
    const baseEnv = { ...process.env };
    for (const name of ['FORCE_COLOR', 'NO_COLOR', 'LEGION_LOG_LEVEL', 'LEGION_HOST', 'CI', 'VITEST', 'NODE_OPTIONS']) delete baseEnv[name];
    const child = spawn(process.execPath, [LEGION_BIN, ...args], { cwd, env: { ...baseEnv, ...this.sessionEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    const waiters = new Set<() => void>();
    child.stdout!.setEncoding('utf8').on('data', (text: string) => ((output.stdout += text), waiters.forEach((check) => check())));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => ((output.stderr += text), waiters.forEach((check) => check())));
    const done = new Promise<LegionResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, ...output }));
    });
    const waitFor = (pattern: RegExp | string, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const matches = () => {
          const text = output.stdout + output.stderr;
          return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(pattern)}; stdout: ${output.stdout}\nstderr: ${output.stderr}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void done.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`legion exited before ${String(pattern)} appeared; stdout: ${output.stdout}\nstderr: ${output.stderr}`));
          }
        });
        check();
      });
    return { child, output, waitFor, done };
  }

  /** Removes the temp folder. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns a value other than `null`/`undefined`/`false`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
