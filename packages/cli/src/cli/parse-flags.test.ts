import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { parseGraceSeconds, parsePayloadJson, parsePid, parseRunAt, parseSleepSeconds, parseTimezone, parseWarmChildren } from './parse-flags.js';
import { UsageError } from './usage-error.js';

describe('flag parsers', () => {
  it('turns --sleep seconds (decimals allowed) into milliseconds and names a bad value', () => {
    expect(parseSleepSeconds('1')).toBe(1000);
    expect(parseSleepSeconds('0.5')).toBe(500);
    expect(parseSleepSeconds('.25')).toBe(250);
    expect(() => parseSleepSeconds('abc')).toThrow(UsageError);
    expect(() => parseSleepSeconds('abc')).toThrow('--sleep "abc" must be a number of seconds');
    expect(() => parseSleepSeconds('0')).toThrow(UsageError);
    expect(() => parseSleepSeconds('-1')).toThrow(UsageError);
    expect(() => parseSleepSeconds('1e3')).toThrow(UsageError);
  });

  it('accepts IANA timezones and rejects unknown ones by name', () => {
    expect(parseTimezone('Europe/Paris')).toBe('Europe/Paris');
    expect(() => parseTimezone('Mars/Olympus')).toThrow('--timezone "Mars/Olympus" is not a known IANA timezone');
  });

  it('parses --payload JSON and reports invalid JSON as an InvalidPayloadError quoting the text', () => {
    expect(parsePayloadJson('{"invoiceId":42}')).toEqual({ invoiceId: 42 });
    expect(parsePayloadJson('null')).toBeNull();
    const error = (() => {
      try {
        parsePayloadJson('{invoiceId:42}');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as Error).message).toMatch(/^--payload "\{invoiceId:42\}" is not valid JSON: /);
  });

  it('accepts ISO-8601 instants for --run-at only', () => {
    expect(parseRunAt('2026-01-31T02:00:00Z').toISOString()).toBe('2026-01-31T02:00:00.000Z');
    expect(() => parseRunAt('tomorrow')).toThrow('--run-at "tomorrow" is not an ISO-8601 instant');
    expect(() => parseRunAt('2026-01-31')).toThrow(UsageError);
  });

  it('accepts positive integer pids and grace seconds', () => {
    expect(parsePid('4242')).toBe(4242);
    expect(() => parsePid('12abc')).toThrow('pid "12abc" is not a process id');
    expect(() => parsePid('0')).toThrow(UsageError);
    expect(parseGraceSeconds('2.5')).toBe(2500);
    expect(() => parseGraceSeconds('soon')).toThrow(UsageError);
  });

  it('reads --warm as a whole number of children and rejects anything else naming it', () => {
    expect(parseWarmChildren('0')).toBe(0);
    expect(parseWarmChildren('3')).toBe(3);
    expect(() => parseWarmChildren('two')).toThrow('--warm "two" must be a whole number from 0 to 64');
    expect(() => parseWarmChildren('65')).toThrow(UsageError);
    expect(() => parseWarmChildren('-1')).toThrow(UsageError);
  });
});
