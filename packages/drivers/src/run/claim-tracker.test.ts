import { describe, expect, it } from 'vitest';
import { ClaimTracker } from './claim-tracker.js';

describe('ClaimTracker', () => {
  it('remembers the consumer and attempts of a claim until it is forgotten', () => {
    const tracker = new ClaimTracker();
    tracker.remember('r1', { consumer: 'a', attempts: 1 });
    tracker.remember('r1', { consumer: 'b', attempts: 2 });
    expect(tracker.get('r1')).toEqual({ consumer: 'b', attempts: 2 });
    tracker.forget('r1');
    expect(tracker.get('r1')).toBeUndefined();
  });

  it('drops the oldest claims beyond ten thousand so memory stays bounded', () => {
    const tracker = new ClaimTracker();
    for (let index = 0; index <= 10_000; index += 1) tracker.remember(`r${index}`, { consumer: 'a', attempts: 1 });
    expect(tracker.get('r0')).toBeUndefined();
    expect(tracker.get('r1')).toEqual({ consumer: 'a', attempts: 1 });
    expect(tracker.get('r10000')).toEqual({ consumer: 'a', attempts: 1 });
  });
});
