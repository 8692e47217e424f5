/**
 * Formats instants as `YYYY-MM-DD HH:MM:SS` wall-clock time in one IANA timezone. One `Intl` formatter
 * is built per instance and reused: building them is the expensive part.
 */
export class ZonedTimeFormatter {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** `date` as wall-clock text in the formatter's timezone. */
  wallClock(date: Date): string {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(date)) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  }
}

/** The system's timezone (what "local time" means when no `--timezone` is given). */
export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
