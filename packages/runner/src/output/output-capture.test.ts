import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputCapture } from './output-capture.js';
import { TailBuffer } from './tail-buffer.js';

const folders: string[] = [];
const temporaryFolder = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'legion-output-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('OutputCapture', () => {
  it('splits chunks into lines per stream, across chunk boundaries and CRLF', async () => {
    const lines: string[] = [];
    const capture = new OutputCapture({ limitBytes: 1024, onLine: (stream, line) => lines.push(`${stream}:${line}`) });
    capture.write('stdout', Buffer.from('hel'));
    capture.write('stderr', Buffer.from('oops\r\n'));
    capture.write('stdout', Buffer.from('lo\nworld'));
    const captured = await capture.finish();
    expect(lines).toEqual(['stderr:oops', 'stdout:hello', 'stdout:world']);
    expect(captured.tail).toBe('oops\nhello\nworld');
    expect(captured.totalBytes).toBe(17);
    expect(captured.droppedBytes).toBe(0);
  });

  it('turns invalid UTF-8 into replacement characters and keeps multibyte characters split across chunks', async () => {
    const lines: string[] = [];
    const capture = new OutputCapture({ limitBytes: 1024, onLine: (_stream, line) => lines.push(line) });
    const euro = Buffer.from('€\n');
    capture.write('stdout', euro.subarray(0, 1));
    capture.write('stdout', euro.subarray(1));
    capture.write('stdout', Buffer.from([0xff, 0xfe, 0x41, 0x0a]));
    await capture.finish();
    expect(lines).toEqual(['€', '\uFFFD\uFFFDA']);
  });

  it('keeps only the tail within the limit and counts what it dropped and did not log', async () => {
    let logged = 0;
    const capture = new OutputCapture({ limitBytes: 1024, onLine: () => logged++ });
    for (let index = 0; index < 1000; index++) capture.write('stdout', Buffer.from(`line ${String(index).padStart(4, '0')}\n`));
    const captured = await capture.finish();
    expect(captured.totalBytes).toBe(10_000);
    expect(captured.tail.endsWith('line 0999')).toBe(true);
    expect(Buffer.byteLength(captured.tail)).toBeLessThanOrEqual(1024);
    expect(captured.droppedBytes).toBe(10_000 - (Buffer.byteLength(captured.tail) + 1));
    expect(logged).toBeLessThan(110);
    expect(captured.unloggedLines).toBe(1000 - logged);
  });

  it('breaks a line that never ends into bounded pieces', async () => {
    const capture = new OutputCapture({ limitBytes: 4096 });
    for (let index = 0; index < 100; index++) capture.write('stdout', Buffer.alloc(10_000, 0x61));
    const captured = await capture.finish();
    expect(captured.totalBytes).toBe(1_000_000);
    expect(Buffer.byteLength(captured.tail)).toBeLessThanOrEqual(4096);
  });

  it('never builds a line longer than 16 Ki characters, and loses no character of a line that never ends', async () => {
    const lines: string[] = [];
    const capture = new OutputCapture({ limitBytes: 2 * 1024 * 1024, onLine: (_stream, line) => lines.push(line) });
    const chunk = Buffer.from('0123456789'.repeat(6554).slice(0, 65_536));
    for (let index = 0; index < 10; index++) capture.write('stdout', chunk);
    const captured = await capture.finish();
    expect(Math.max(...lines.map((line) => line.length))).toBe(16 * 1024);
    expect(lines.join('')).toBe(chunk.toString().repeat(10));
    expect(captured.droppedBytes).toBe(0);
  });

  it('strips a carriage return whose newline arrives in the next chunk', async () => {
    const lines: string[] = [];
    const capture = new OutputCapture({ limitBytes: 1024, onLine: (_stream, line) => lines.push(line) });
    capture.write('stdout', Buffer.from('first\r'));
    capture.write('stdout', Buffer.from('\nsecond\r\n\r\n'));
    await capture.finish();
    expect(lines).toEqual(['first', 'second', '']);
  });

  it('keeps running when the output file cannot be created, and reports why', async () => {
    const dir = temporaryFolder();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const capture = new OutputCapture({ limitBytes: 1024, file: { file: path.join(blocker, 'task.log'), append: false } });
    capture.write('stdout', Buffer.from('still captured\n'));
    expect((await capture.finish()).tail).toBe('still captured');
    expect(capture.outputFileError?.message).toMatch(/ENOTDIR|EEXIST/);
  });

  it('writes raw output to a file, truncating or appending', async () => {
    const dir = temporaryFolder();
    const file = path.join(dir, 'nested', 'task.log');
    for (const append of [false, false, true]) {
      const capture = new OutputCapture({ limitBytes: 1024, file: { file, append } });
      capture.write('stdout', Buffer.from('run\n'));
      await capture.finish();
    }
    expect(readFileSync(file, 'utf8')).toBe('run\nrun\n');
  });
});

describe('TailBuffer', () => {
  it('keeps the end of a single line larger than the budget', () => {
    const tail = new TailBuffer(10);
    tail.push('short');
    tail.push('0123456789abcdefghij');
    expect(tail.text()).toBe('bcdefghij');
    expect(tail.droppedBytes).toBe(6 + 21 - 10);
  });
});
