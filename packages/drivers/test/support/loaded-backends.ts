// Child script: imports the module named by argv[2] and prints which backend client libraries
// (ioredis, pg, better-sqlite3) that import loaded, as JSON on stdout.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
if (!target) throw new Error('usage: loaded-backends.ts <module path>');
const exports = Object.keys(await import(pathToFileURL(target).href));
const cache = Object.keys(createRequire(import.meta.url).cache);
const backends = ['ioredis', 'pg', 'better-sqlite3'].filter((name) => cache.some((file) => file.includes(`/node_modules/${name}/`)));
process.stdout.write(JSON.stringify({ exports, backends }));
