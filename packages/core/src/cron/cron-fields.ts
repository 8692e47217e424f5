import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { quote, safeString } from '../errors/scheduler-error.js';

/** A validated cron expression split into what `CronExpression` needs. */
export interface CronFields {
  /** Normalized text: nicknames expanded, whitespace collapsed, the user's tokens otherwise kept. */
  readonly text: string;
  /** The same fields in cron-parser's dialect: names upper-cased, `?` written as `*`. */
  readonly parserText: string;
  /** `true` only for 6-field input (a leading seconds field). */
  readonly hasSeconds: boolean;
  /**
   * `true` when the hour field repeats across the day (`*` or any step): such schedules follow elapsed
   * time across DST changes instead of firing once per wall-clock time.
   */
  readonly followsElapsedTime: boolean;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 },
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 7,
  names: { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 },
};

const FIVE_FIELDS = [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK] as const;
const SIX_FIELDS = [SECOND, ...FIVE_FIELDS] as const;

// cron-parser maps these to 6-field text with its own seconds; we keep them 5-field like crontab(5).
const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const INTEGER = /^\d+$/;

/**
 * Validates a cron expression field by field and returns its normalized forms.
 *
 * Checked here rather than left to cron-parser because cron-parser 5 silently accepts 3-4 fields
 * and reports errors without naming the field.
 */
export function parseCronFields(expression: unknown): CronFields {
  if (typeof expression !== 'string') {
    throw new InvalidCronExpressionError(safeString(expression), `expected a string, got ${describeType(expression)}`, {
      value: expression,
    });
  }
  const collapsed = expression.trim().replace(/\s+/g, ' ');
  const text = collapsed.startsWith('@') ? expandNickname(collapsed, expression) : collapsed;
  const parts = text === '' ? [] : text.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    throw new InvalidCronExpressionError(expression, `expected 5 or 6 fields, got ${parts.length}`, { value: expression });
  }
  const specs = parts.length === 6 ? SIX_FIELDS : FIVE_FIELDS;
  const parserParts = parts.map((part, index) => validateField(specs[index]!, part, expression));
  const hour = parts[parts.length - 4]!;
  return {
    text,
    parserText: parserParts.join(' '),
    hasSeconds: parts.length === 6,
    followsElapsedTime: /[*/]/.test(hour),
  };
}

function expandNickname(nickname: string, expression: string): string {
  const expanded = NICKNAMES[nickname.toLowerCase()];
  if (expanded === undefined) {
    throw new InvalidCronExpressionError(
      expression,
      `unknown nickname ${quote(nickname)}, expected one of ${Object.keys(NICKNAMES).join(', ')}`,
      { value: nickname },
    );
  }
  return expanded;
}

/** Validates one field and returns it in cron-parser's dialect. */
function validateField(spec: FieldSpec, field: string, expression: string): string {
  const fail = (detail: string, value: string = field): never => {
    throw new InvalidCronExpressionError(expression, `${spec.name} field ${quote(value)} ${detail}`, { field: spec.name, value });
  };
  // Names and letters are case-insensitive; messages quote the user's own spelling.
  const upper = field.toUpperCase();
  if (upper === '?') {
    if (spec !== DAY_OF_MONTH && spec !== DAY_OF_WEEK) fail('uses ?, which is only allowed in day-of-month and day-of-week');
    return '*';
  }
  if (upper.includes('W') && spec === DAY_OF_MONTH) fail('uses W (nearest weekday), which is not supported');
  if (/(^|[,-])H(?![A-Z])/.test(upper)) fail('uses H (hashed values), which is not supported');
  const items = field.split(',');
  if (items.some((item) => item === '')) fail('has an empty list item');
  if (items.length > 1 && upper.includes('#')) fail('combines # with a list, which is not supported');
  for (const item of items) validateItem(spec, item, (detail) => fail(detail, item));
  // `L` and `#` items (last day, nth weekday) are not plain value sets; month names like JUL are.
  const special = (spec === DAY_OF_MONTH || spec === DAY_OF_WEEK) && /[L#]/.test(upper);
  return items.length > 1 && !special ? (mergeOverlappingList(spec, items) ?? upper) : upper;
}

/**
 * crontab(5) accepts list items that overlap (`9-17,12`, or `0,7` for Sunday twice); cron-parser rejects
 * them as duplicates. Such a list is handed to cron-parser as its explicit, sorted set of values instead
 * (`null` when nothing overlaps, so ordinary lists keep their text).
 */
function mergeOverlappingList(spec: FieldSpec, items: readonly string[]): string | null {
  const union = new Set<number>();
  let total = 0;
  for (const item of items) {
    const values = expandItem(spec, item);
    total += values.length;
    for (const value of values) union.add(spec === DAY_OF_WEEK && value === 7 ? 0 : value);
  }
  if (union.size === total) return null;
  return [...union].sort((a, b) => a - b).join(',');
}

function expandItem(spec: FieldSpec, item: string): number[] {
  const [base = '', step] = item.split('/');
  const max = spec === DAY_OF_WEEK && base === '*' ? 6 : spec.max;
  const read = (token: string) => (INTEGER.test(token) ? Number(token) : spec.names![token.toUpperCase()]!);
  const [start = '', end] = base.split('-');
  const low = base === '*' ? spec.min : read(start);
  const high = base === '*' ? max : end !== undefined ? read(end) : step !== undefined ? max : low;
  const every = step === undefined ? 1 : Number(step);
  const values: number[] = [];
  for (let value = low; value <= high; value += every) values.push(value);
  return values;
}

function validateItem(spec: FieldSpec, item: string, fail: (detail: string) => never): void {
  const upper = item.toUpperCase();
  if (spec === DAY_OF_MONTH && upper === 'L') return;
  if (spec === DAY_OF_WEEK && upper.includes('#')) {
    const [day = '', occurrence = '', ...rest] = upper.split('#');
    if (rest.length > 0 || !INTEGER.test(occurrence)) fail('is not a valid "day#occurrence" pair');
    readValue(spec, day, fail);
    const nth = Number(occurrence);
    if (nth < 1 || nth > 5) fail(`has occurrence ${nth}, expected 1-5`);
    return;
  }
  if (spec === DAY_OF_WEEK && upper.endsWith('L')) {
    const day = upper.slice(0, -1);
    if (day === '') fail('needs a day before L, e.g. "5L" for the last Friday of the month');
    readValue(spec, day, fail);
    return;
  }
  if (spec === DAY_OF_MONTH && upper.includes('L')) fail('combines L with a range, step or offset, which is not supported');
  const [base = '', step, ...rest] = item.split('/');
  if (rest.length > 0) fail('has more than one step');
  if (step !== undefined) {
    const span = spec === DAY_OF_WEEK ? 7 : spec.max - spec.min + 1;
    if (!INTEGER.test(step)) fail(`has step ${quote(step)}, expected a whole number`);
    const every = Number(step);
    if (every < 1 || every > span) fail(`has step ${every}, expected 1-${span}`);
  }
  if (base === '*') return;
  const bounds = base.split('-');
  if (bounds.length > 2) fail('is not a valid range');
  const [start = '', end] = bounds;
  const low = readValue(spec, start, fail);
  if (end !== undefined) {
    const high = readValue(spec, end, fail);
    if (low > high) fail(`is a reversed range (${low} > ${high})`);
  }
}

function readValue(spec: FieldSpec, token: string, fail: (detail: string) => never): number {
  const value = INTEGER.test(token) ? Number(token) : spec.names?.[token.toUpperCase()];
  if (value === undefined) {
    const expected = spec.names ? `a number ${spec.min}-${spec.max} or a name` : `a number ${spec.min}-${spec.max}`;
    return fail(`has unknown token ${quote(token)}, expected ${expected}`);
  }
  if (value < spec.min || value > spec.max) fail(`is out of range ${spec.min}-${spec.max}`);
  return value;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
