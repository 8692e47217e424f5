import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { TaskOutput } from '@monkeyslegion/scheduler-core';
import { TailBuffer } from './tail-buffer.js';

/** Which stream a line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Options of an `OutputCapture`. */
export interface OutputCaptureOptions {
  /** Bytes of output kept in memory and logged line by line; beyond it only the tail is kept. */
  limitBytes: number;
  /** Receives each complete line while the logged total is under `limitBytes`. */
  onLine?(stream: OutputStream, line: string): void;
  /** Where to also write the raw output (`sendOutputTo`/`appendOutputTo`). */
  file?: TaskOutput | null;
}

/** What was captured once the child's streams ended. */
export interface CapturedOutput {
  /** The last lines (both streams interleaved in arrival order), at most `limitBytes`. */
  tail: string;
  /** Bytes not kept in memory. */
  droppedBytes: number;
  /** Total bytes the child wrote. */
  totalBytes: number;
  /** Lines that were not sent to the logger because the per-run cap was reached. */
  unloggedLines: number;
}

// A line without a newline cannot grow without bound: past this it is emitted as a line of its own.
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits a child's stdout and stderr into lines (invalid UTF-8 becomes U+FFFD, never an exception),
 * logs them up to a per-run cap, keeps a bounded tail and optionally writes the raw bytes to a file.
 */
export class OutputCapture {
  private readonly tail: TailBuffer;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly partial = { stdout: '', stderr: '' };
  private readonly file: WriteStream | null;
  private totalBytes = 0;
  private loggedBytes = 0;
  private unloggedLines = 0;
  private fileError: Error | null = null;

  constructor(private readonly options: OutputCaptureOptions) {
    this.tail = new TailBuffer(Math.max(1024, options.limitBytes));
    this.file = options.file ? this.openFile(options.file) : null;
  }

  /** Feeds a chunk the child wrote on `stream`. */
  write(stream: OutputStream, chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (this.file && !this.fileError) this.file.write(chunk);
    const text = this.partial[stream] + this.decoders[stream].write(chunk);
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline !== -1) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.line(stream, text.slice(start, end));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (text.length - start > MAX_LINE_BYTES) {
      this.line(stream, text.slice(start, start + MAX_LINE_BYTES));
      start += MAX_LINE_BYTES;
    }
    this.partial[stream] = text.slice(start);
  }

  /** Flushes partial lines and closes the output file; returns what was captured. */
  async finish(): Promise<CapturedOutput> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      this.partial[stream] = '';
      if (rest.length > 0) this.line(stream, rest);
    }
    if (this.file) await new Promise<void>((resolve) => this.file!.end(resolve));
    return {
      tail: this.tail.text(),
      droppedBytes: this.tail.droppedBytes,
      totalBytes: this.totalBytes,
      unloggedLines: this.unloggedLines,
    };
  }

  /** The error that stopped writing the output file, if any. */
  get outputFileError(): Error | null {
    return this.fileError;
  }

  private line(stream: OutputStream, line: string): void {
    this.tail.push(line);
    if (!this.options.onLine) return;
    if (this.loggedBytes < this.options.limitBytes) {
      this.loggedBytes += Buffer.byteLength(line) + 1;
      this.options.onLine(stream, line);
    } else {
      this.unloggedLines++;
    }
  }

  private openFile(output: TaskOutput): WriteStream {
    mkdirSync(path.dirname(output.file), { recursive: true });
    const stream = createWriteStream(output.file, { flags: output.append ? 'a' : 'w', mode: 0o640 });
    stream.on('error', (error) => {
      this.fileError = error;
    });
    return stream;
  }
}
