import { describe, expect, it } from 'vitest';
import { capturingLogger, parseStamp, type CapturedLine } from './capturing-logger.js';

describe('parseStamp', () => {
  it('reads `date +%s%N` nanoseconds as milliseconds', () => {
    expect(parseStamp('1764270000123456789\n')).toBeCloseTo(1764270000123.456, 3);
  });

  it('reads fractional milliseconds and rejects anything else', () => {
    expect(parseStamp('1764270000123.25')).toBe(1764270000123.25);
    expect(parseStamp('hello')).toBeNull();
    expect(parseStamp('42')).toBeNull();
  });
});

describe('capturingLogger', () => {
  it('hands task output lines to the harness and keeps warnings, like the runner logs them', () => {
    const lines: CapturedLine[] = [];
    const { logger, problems } = capturingLogger((line) => lines.push(line));
    logger.info({ taskId: 't', runId: 'r', stream: 'stdout' }, '1764270000123.5');
    logger.info({ taskId: 't' }, 'task t success');
    logger.child({ taskId: 'u' }).warn('overlap lock lost');
    expect(lines).toEqual([expect.objectContaining({ taskId: 't', runId: 'r', stream: 'stdout', text: '1764270000123.5' })]);
    expect(problems).toEqual(['warn: overlap lock lost']);
  });
});
