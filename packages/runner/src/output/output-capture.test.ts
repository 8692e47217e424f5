import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputCapture } from './output-capture.js';
import { TailBuffer } from './tail-buffer.js';

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

  it('writes raw output to a file, truncating or appending', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'legion-output-'));
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
