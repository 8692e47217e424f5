/** Structured context carried by every scheduler error. */
export interface SchedulerErrorContext {
  /** The task the error is about, when there is one. */
  taskId?: string;
  /** The cron expression the error is about, when there is one. */
  expression?: string;
  /** The offending value, quoted in the message. */
  value?: unknown;
  /** Further typed details (file, field, url …). */
  [key: string]: unknown;
}

/** Options accepted by every scheduler error constructor. */
export interface SchedulerErrorOptions {
  /** Typed context describing what was wrong. */
  context?: SchedulerErrorContext;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error the scheduler throws: a stable `code`, typed `context` and a `cause`.
 *
 * @example
 * try { registry.add(task); } catch (error) { if (error instanceof SchedulerError) console.error(error.code); }
 */
export class SchedulerError extends Error {
  /** Stable machine-readable code, e.g. `INVALID_CRON_EXPRESSION`. */
  readonly code: string;
  /** What the error is about. */
  readonly context: SchedulerErrorContext;

  constructor(code: string, message: string, options: SchedulerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
  }
}

/** `String(value)` that never throws (objects without a prototype or with a broken `toString`). */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Quotes a value for an error message, keeping messages on one line and bounded in size. */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'function') text = value.name ? `[function ${value.name}]` : '[function]';
  else {
    try {
      text = JSON.stringify(value) ?? safeString(value);
    } catch {
      text = safeString(value);
    }
  }
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return `"${oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine}"`;
}
