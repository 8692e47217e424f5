import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

// Static value imports and re-exports; `import type`/`export type` are erased and dynamic import() is lazy.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Every bare package a module loads eagerly, following relative imports through the sources. */
function eagerPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!.replace(/\.js$/, '.ts')));
      else packages.add(specifier!);
    }
  };
  visit(path.join(src, entry));
  return packages;
}

const BACKENDS = ['ioredis', 'redlock', 'better-sqlite3', '@monkeyslegion/scheduler-cache'];

describe('the package root', () => {
  it('loads no backend client eagerly: the plugins import their provider inside onEnable', () => {
    const loaded = [...eagerPackages('index.ts')];
    expect(loaded.filter((name) => BACKENDS.some((backend) => name.startsWith(backend)))).toEqual([]);
    expect(loaded).toContain('@monkeyslegion/scheduler-core');
  });

  it('reaches ioredis and redlock through the ./redis subpath, which proves the walk above can see them', () => {
    expect([...eagerPackages('redis.ts')]).toEqual(expect.arrayContaining(['ioredis', 'redlock']));
  });
});
