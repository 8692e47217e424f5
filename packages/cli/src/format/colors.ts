import picocolors from 'picocolors';

/** The picocolors formatters (no-ops when colours are off). */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** Colour formatters, enabled or not (see `wantsColor`). */
export function colorsFor(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}
