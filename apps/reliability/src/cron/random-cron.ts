import { pick, randomInt, type Random } from '../profile/seeded-random.js';

/** One field in both dialects: ours, and croner's spelling of the same values. */
export type Field = readonly [ours: string, croner: string];

/** A generated expression in our dialect, and the same schedule in croner's dialect. */
export interface GeneratedCron {
  /** The expression as a user would write it for the scheduler. */
  readonly expression: string;
  /** The same fields spelled for croner (`5L` → `5#L`, `10/15` → `10-59/15`). */
  readonly croner: string;
  /** The fields, both dialects side by side (for shrinking). */
  readonly fields: readonly Field[];
}

/** Joins fields into a `GeneratedCron`. */
export function cronOf(fields: readonly Field[]): GeneratedCron {
  return { expression: fields.map(([ours]) => ours).join(' '), croner: fields.map(([, croner]) => croner).join(' '), fields };
}

interface Range {
  min: number;
  max: number;
  names?: readonly string[];
}

const SECONDS: Range = { min: 0, max: 59 };
const MINUTES: Range = { min: 0, max: 59 };
const HOURS: Range = { min: 0, max: 23 };
const DAYS: Range = { min: 1, max: 31 };
const MONTHS: Range = { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] };
const WEEKDAYS: Range = { min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };

// Transitions happen between 00:00 and 03:00 local time in most zones: hours there are drawn far more often.
const DST_HOURS = [0, 1, 2, 3];

const same = (text: string): Field => [text, text];

function value(random: Random, range: Range, hourBias = false): number {
  if (hourBias && random() < 0.5) return pick(random, DST_HOURS);
  return randomInt(random, range.min, range === WEEKDAYS ? 6 : range.max);
}

function token(random: Random, range: Range, number: number): string {
  const name = range.names?.[range === MONTHS ? number - 1 : number];
  if (name === undefined || random() < 0.7) return String(number);
  // Names are case-insensitive for us; croner is given the same spelling.
  return random() < 0.8 ? name : name.toLowerCase();
}

function rangeItem(random: Random, range: Range, hourBias: boolean): Field {
  const a = value(random, range, hourBias);
  const b = value(random, range, hourBias);
  const [low, high] = a <= b ? [a, b] : [b, a];
  return same(`${token(random, range, low)}-${token(random, range, high)}`);
}

function stepItem(random: Random, range: Range, hourBias: boolean): Field {
  const span = range.max - range.min + 1;
  const step = randomInt(random, 2, Math.max(2, Math.min(span, Math.floor(span / 2) + 1)));
  const shape = random();
  if (shape < 0.5) return same(`*/${step}`);
  if (shape < 0.8) {
    const [text] = rangeItem(random, range, hourBias);
    return same(`${text}/${step}`);
  }
  // `start/step`: cron-parser reads it as start-max/step; croner only accepts that spelled out.
  const start = value(random, range, hourBias);
  return [`${start}/${step}`, `${start}-${range.max}/${step}`];
}

function listField(random: Random, range: Range, hourBias: boolean, count: number): Field {
  const items = Array.from({ length: count }, () => simpleItem(random, range, hourBias));
  return [items.map(([ours]) => ours).join(','), items.map(([, croner]) => croner).join(',')];
}

function simpleItem(random: Random, range: Range, hourBias: boolean): Field {
  const shape = random();
  if (shape < 0.55) return same(token(random, range, value(random, range, hourBias)));
  if (shape < 0.8) return rangeItem(random, range, hourBias);
  return stepItem(random, range, hourBias);
}

function timeField(random: Random, range: Range, hourBias = false): Field {
  const shape = random();
  if (shape < 0.3) return same('*');
  if (shape < 0.85) return simpleItem(random, range, hourBias);
  return listField(random, range, hourBias, randomInt(random, 2, 3));
}

function dayOfMonth(random: Random): Field {
  const shape = random();
  if (shape < 0.55) return same('*');
  if (shape < 0.6) return same('?');
  if (shape < 0.68) return same('L');
  if (shape < 0.85) return same(String(randomInt(random, 1, random() < 0.8 ? 28 : 31)));
  if (shape < 0.93) return rangeItem(random, DAYS, false);
  return listField(random, DAYS, false, 2);
}

function month(random: Random): Field {
  const shape = random();
  if (shape < 0.7) return same('*');
  if (shape < 0.85) return same(token(random, MONTHS, randomInt(random, 1, 12)));
  if (shape < 0.93) return rangeItem(random, MONTHS, false);
  return listField(random, MONTHS, false, 2);
}

function dayOfWeek(random: Random): Field {
  const shape = random();
  if (shape < 0.55) return same('*');
  if (shape < 0.6) return same('?');
  const day = randomInt(random, 0, 7);
  const spelled = day === 7 ? '7' : token(random, WEEKDAYS, day);
  if (shape < 0.72) return same(spelled);
  if (shape < 0.8) return same(`${spelled}#${randomInt(random, 1, 5)}`);
  // Last <weekday> of the month: `5L` for us (cron-parser), `5#L` for croner.
  if (shape < 0.86) return [`${spelled}L`, `${spelled}#L`];
  if (shape < 0.94) return rangeItem(random, { min: 0, max: 6, names: WEEKDAYS.names }, false);
  return same(`*/${randomInt(random, 2, 3)}`);
}

/** A random valid expression: 5 fields, or 6 with seconds, over ranges, steps, lists, names, `L`, `#` and `?`. */
export function randomCron(random: Random): GeneratedCron {
  const fields: Field[] = [];
  if (random() < 0.35) fields.push(timeField(random, SECONDS));
  fields.push(timeField(random, MINUTES), timeField(random, HOURS, true), dayOfMonth(random), month(random), dayOfWeek(random));
  return cronOf(fields);
}

/** Simpler versions of one field (for shrinking a failing case): `*`, one list item, no step, no `L`/`#`. */
export function simplerFields(field: Field): Field[] {
  const [ours, croner] = field;
  if (ours === '*') return [];
  const candidates: Field[] = [['*', '*']];
  const oursItems = ours.split(',');
  const cronerItems = croner.split(',');
  if (oursItems.length > 1) {
    oursItems.forEach((item, index) => candidates.push([item, cronerItems[index]!]));
    return candidates;
  }
  // `n/s` is spelled `n-max/s` for croner: without the step both are plain `n`.
  const stripped = (text: string) => text.replace(/\/\d+$/, '').replace(/#(L|\d)$/, '').replace(/^(\w+)L$/, '$1');
  const oursBase = stripped(ours);
  if (oursBase !== ours) candidates.push([oursBase, /^\d+\/\d+$/.test(ours) ? oursBase : stripped(croner)]);
  return candidates;
}
