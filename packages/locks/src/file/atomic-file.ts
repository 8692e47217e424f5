import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

/** Permission bits of every file we write: owner read/write only. */
const FILE_MODE = 0o600;

/**
 * Creates `path` with `content` only when it does not exist; `false` when it does. The content is
 * written to a private temp file first and hard-linked into place, so the file appears complete or not
 * at all (an `open(path, 'wx')` + write would expose an empty file to concurrent readers).
 */
export async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = await writeTemp(path, content);
  try {
    await fs.link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Replaces `path` with `content` atomically (temp file + rename). */
export async function replaceAtomically(path: string, content: string): Promise<void> {
  const temp = await writeTemp(path, content);
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The text of `path`, or `null` when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Deletes `path`; `false` when it was already gone. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A unique sibling name of `path` that never ends with `.lock`. */
export function uniqueSibling(path: string, tag: string): string {
  return `${path}.${process.pid}-${randomBytes(6).toString('hex')}.${tag}`;
}

async function writeTemp(path: string, content: string): Promise<string> {
  const temp = uniqueSibling(path, 'tmp');
  await fs.writeFile(temp, content, { flag: 'wx', mode: FILE_MODE });
  return temp;
}
