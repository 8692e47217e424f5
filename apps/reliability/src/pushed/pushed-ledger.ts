/** What a pushed-runs ledger (`{"n":<n>},<host>` per run) says about runs `0 … count-1`. */
export interface PushedAudit {
  /** Distinct payloads that ran at least once. */
  readonly ran: number;
  /** Payload numbers that never ran. */
  readonly lost: readonly number[];
  /** Runs beyond the first of each payload. */
  readonly duplicates: number;
  /** Each payload that ran more than once, with the hosts that ran it. */
  readonly duplicated: ReadonlyMap<number, readonly string[]>;
  /** Runs per host. */
  readonly runsByHost: Readonly<Record<string, number>>;
  /** Lines that are not a run of a pushed payload. */
  readonly malformed: readonly string[];
}

/** Audits the ledger lines of `count` pushed runs numbered from 0. */
export function auditPushedRuns(lines: readonly string[], count: number): PushedAudit {
  const hostsByPayload = new Map<number, string[]>();
  const runsByHost: Record<string, number> = {};
  const malformed: string[] = [];
  for (const line of lines) {
    const comma = line.lastIndexOf(',');
    const host = line.slice(comma + 1);
    let n: unknown;
    try {
      n = (JSON.parse(line.slice(0, comma)) as { n?: unknown }).n;
    } catch {
      n = undefined;
    }
    if (comma < 0 || host === '' || typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= count) {
      malformed.push(line);
      continue;
    }
    hostsByPayload.set(n, [...(hostsByPayload.get(n) ?? []), host]);
    runsByHost[host] = (runsByHost[host] ?? 0) + 1;
  }
  const lost: number[] = [];
  for (let n = 0; n < count; n++) if (!hostsByPayload.has(n)) lost.push(n);
  const duplicated = new Map([...hostsByPayload].filter(([, hosts]) => hosts.length > 1));
  const duplicates = [...duplicated.values()].reduce((sum, hosts) => sum + hosts.length - 1, 0);
  return { ran: hostsByPayload.size, lost, duplicates, duplicated, runsByHost, malformed };
}
