/**
 * Keeps the most recent lines of a run's output within a byte budget. Older lines are dropped and
 * counted, so a task printing gigabytes costs at most `limitBytes` of memory.
 */
export class TailBuffer {
  private readonly lines: string[] = [];
  private head = 0;
  private bytes = 0;
  private dropped = 0;

  constructor(private readonly limitBytes: number) {}

  /** Appends one line (without its newline). */
  push(line: string): void {
    const size = Buffer.byteLength(line) + 1;
    if (size > this.limitBytes) {
      // A single line larger than the whole budget: keep its end only.
      const keep = line.slice(-Math.max(0, this.limitBytes - 1));
      this.dropped += this.bytes + size - (Buffer.byteLength(keep) + 1);
      this.clear();
      this.lines.push(keep);
      this.bytes = Buffer.byteLength(keep) + 1;
      return;
    }
    this.lines.push(line);
    this.bytes += size;
    while (this.bytes > this.limitBytes && this.head < this.lines.length) {
      const removed = this.lines[this.head]!;
      // Drop the reference now, not at the next compaction: a line may pin a much larger decoded chunk.
      this.lines[this.head] = '';
      this.head++;
      const removedSize = Buffer.byteLength(removed) + 1;
      this.bytes -= removedSize;
      this.dropped += removedSize;
    }
    // Compact occasionally so the array does not grow with every dropped line.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Bytes dropped so far. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Bytes currently held. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** The kept lines joined with newlines. */
  text(): string {
    return this.lines.slice(this.head).join('\n');
  }

  private clear(): void {
    this.lines.length = 0;
    this.head = 0;
    this.bytes = 0;
  }
}
