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

// A line without a newline cannot grow without bound: past this many characters it is emitted as a line
// of its own. Kept well under V8's large-object threshold (128 KiB): strings above it are only freed by
// a full GC, so a task printing hundreds of megabytes without a newline would balloon the heap.
const MAX_LINE_CHARS = 16 * 1024;
const CARRIAGE_RETURN = 0x0d;

/** The line being assembled on one stream: decoded pieces, never concatenated past `MAX_LINE_CHARS`. */
interface PartialLine {
  readonly decoder: StringDecoder;
  pieces: string[];
  length: number;
}

/**
 * Splits a child's stdout and stderr into lines (invalid UTF-8 becomes U+FFFD, never an exception),
 * logs them up to a per-run cap, keeps a bounded tail and optionally writes the raw bytes to a file.
 * Memory stays bounded whatever the child prints: no string longer than a pipe chunk is ever built, and
 * dropped lines are released at once.
 */
export class OutputCapture {
  private readonly tail: TailBuffer;
  private readonly partial: Record<OutputStream, PartialLine> = {
    stdout: { decoder: new StringDecoder('utf8'), pieces: [], length: 0 },
    stderr: { decoder: new StringDecoder('utf8'), pieces: [], length: 0 },
  };
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
    const partial = this.partial[stream];
    // A pipe chunk is at most 64 KiB, so its decoded text stays a regular (young-generation) string.
    const text = partial.decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      if (partial.length === 0 && newline - start <= MAX_LINE_CHARS) {
        // The common case, a whole line inside one chunk: no piece bookkeeping.
        this.line(stream, text.charCodeAt(newline - 1) === CARRIAGE_RETURN && newline > start ? text.slice(start, newline - 1) : text.slice(start, newline));
      } else {
        this.append(stream, partial, text.slice(start, newline));
        this.endLine(stream, partial);
      }
      start = newline + 1;
    }
    if (start < text.length) this.append(stream, partial, start === 0 ? text : text.slice(start));
  }

  /** Flushes partial lines and closes the output file; returns what was captured. */
  async finish(): Promise<CapturedOutput> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const partial = this.partial[stream];
      this.append(stream, partial, partial.decoder.end());
      if (partial.length > 0) this.endLine(stream, partial);
    }
    if (this.file) {
      const file = this.file;
      await new Promise<void>((resolve) => {
        if (file.destroyed) resolve();
        else file.end(() => resolve());
      });
    }
    return {
      tail: this.tail.text(),
      droppedBytes: this.tail.droppedBytes,
      totalBytes: this.totalBytes,
      unloggedLines: this.unloggedLines,
    };
  }

  /** The error that stopped writing the output file, if any (the run itself goes on). */
  get outputFileError(): Error | null {
    return this.fileError;
  }

  private append(stream: OutputStream, partial: PartialLine, text: string): void {
    let rest = text;
    while (partial.length + rest.length > MAX_LINE_CHARS) {
      const room = MAX_LINE_CHARS - partial.length;
      partial.pieces.push(rest.slice(0, room));
      partial.length = MAX_LINE_CHARS;
      rest = rest.slice(room);
      this.emit(stream, partial);
    }
    if (rest.length > 0) {
      partial.pieces.push(rest);
      partial.length += rest.length;
    }
  }

  private endLine(stream: OutputStream, partial: PartialLine): void {
    const last = partial.pieces.length - 1;
    if (last >= 0 && partial.pieces[last]!.endsWith('\r')) {
      partial.pieces[last] = partial.pieces[last]!.slice(0, -1);
      partial.length--;
    }
    this.emit(stream, partial);
  }

  private emit(stream: OutputStream, partial: PartialLine): void {
    // Joining flattens the pieces, so the kept line no longer pins the decoded chunks it was sliced from.
    const line = partial.pieces.length === 1 ? partial.pieces[0]! : partial.pieces.join('');
    partial.pieces = [];
    partial.length = 0;
    this.line(stream, line);
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

  private openFile(output: TaskOutput): WriteStream | null {
    try {
      mkdirSync(path.dirname(output.file), { recursive: true });
      const stream = createWriteStream(output.file, { flags: output.append ? 'a' : 'w', mode: 0o640 });
      stream.on('error', (error) => {
        this.fileError = error;
      });
      return stream;
    } catch (error) {
      // An unwritable output file must not stop the run: the error is reported with the result.
      this.fileError = error as Error;
      return null;
    }
  }
}
