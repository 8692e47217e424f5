import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `fixtures/bin/<script>` with `node --expose-gc` and the given environment, and returns the JSON
 * report it prints as its last line (it fails with the harness's stderr otherwise).
 */
export function runHarness<T>(script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<T> {
  const file = fileURLToPath(new URL(`../../fixtures/bin/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', file], { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (error || !last.startsWith('{')) {
        reject(new Error(`${script} failed: ${error?.message ?? 'no report'}\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
}
