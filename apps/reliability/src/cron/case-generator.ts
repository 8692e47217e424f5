import { pick, randomInt, type Random } from '../profile/seeded-random.js';
import type { DifferentialCase } from './differential-case.js';
import { randomCron } from './random-cron.js';
import { transitionsBetween } from './zone-clock.js';

// Zones whose DST rules are unusual; the rest are drawn from everything the runtime knows.
const TRICKY_ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Lord_Howe', // 30-minute shift
  'America/Santiago', // changes at midnight
  'America/Havana', // spring-forward from 00:00
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 / -02:30
  'Africa/Casablanca', // two changes a year around Ramadan
  'Antarctica/Troll', // 2-hour shift
  'Europe/Dublin', // negative DST in tzdata
  'Asia/Tehran', // DST abolished in 2022
  'America/Asuncion',
  'Pacific/Apia', // DST abolished in 2021
];
const RANGE_START = Date.UTC(2024, 0, 1);
const RANGE_END = Date.UTC(2031, 0, 1);
const DAY = 86_400_000;

/** Draws differential cases: random zones (tricky ones often), start instants weighted toward DST changes. */
export class CaseGenerator {
  private readonly zones: string[];
  private readonly transitions = new Map<string, number[]>();

  constructor(private readonly random: Random, extraZones: number) {
    const all = Intl.supportedValuesOf('timeZone');
    this.zones = [...TRICKY_ZONES, 'UTC', ...Array.from({ length: extraZones }, () => pick(random, all))];
  }

  /** Every zone a case can use. */
  get zoneCount(): number {
    return new Set(this.zones).size;
  }

  next(): DifferentialCase {
    const zone = this.random() < 0.5 ? pick(this.random, TRICKY_ZONES) : pick(this.random, this.zones);
    return { cron: randomCron(this.random), zone, from: this.instant(zone) };
  }

  private instant(zone: string): number {
    let transitions = this.transitions.get(zone);
    if (transitions === undefined) {
      transitions = transitionsBetween(zone, RANGE_START, RANGE_END);
      this.transitions.set(zone, transitions);
    }
    const shape = this.random();
    if (transitions.length > 0 && shape < 0.7) {
      // Within two days of a transition, often exactly on a slot boundary.
      const around = pick(this.random, transitions) + randomInt(this.random, -2 * DAY, 2 * DAY);
      return this.random() < 0.3 ? Math.floor(around / 60_000) * 60_000 : around;
    }
    return RANGE_START + Math.floor(this.random() * (RANGE_END - RANGE_START));
  }
}
