/** Bounds a pushed payload must stay within; they protect the queue, the daemon and the task's environment. */
export interface PayloadLimits {
  /**
   * Largest accepted payload, in bytes of its UTF-8 JSON text.
   * @default 65536
   */
  maxBytes: number;
  /**
   * Deepest accepted nesting of arrays and objects (a flat object has depth 1).
   * @default 32
   */
  maxDepth: number;
}

/** The limits applied when a driver is given none. */
export const DEFAULT_PAYLOAD_LIMITS: Readonly<PayloadLimits> = Object.freeze({ maxBytes: 64 * 1024, maxDepth: 32 });

/** Fills unset limits with the defaults. */
export function resolvePayloadLimits(limits: Partial<PayloadLimits> = {}): PayloadLimits {
  return {
    maxBytes: limits.maxBytes ?? DEFAULT_PAYLOAD_LIMITS.maxBytes,
    maxDepth: limits.maxDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth,
  };
}
