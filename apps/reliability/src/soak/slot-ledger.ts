/** One line of a soak ledger: a task ran for a slot on a host. */
export interface LedgerEntry {
  readonly taskId: string;
  /** The slot instant (ms since the epoch). */
  readonly slot: number;
  readonly host: string;
}

/** A task of the soak and its period (every slot is a multiple of it since the epoch). */
export interface PeriodicTask {
  readonly id: string;
  readonly periodMs: number;
}

/** A slot that ran more than once, and where. */
export interface DuplicateSlot {
  readonly taskId: string;
  readonly slot: number;
  readonly hosts: readonly string[];
}

/** A slot that should have run and did not. */
export interface MissingSlot {
  readonly taskId: string;
  readonly slot: number;
}

/** What a ledger says about every slot of a window. */
export interface SlotAudit {
  /** Slots of the window, all tasks together. */
  readonly expected: number;
  /** Distinct slots of the window that ran. */
  readonly ran: number;
  /** Slots that ran more than once, anywhere in the ledger (not only in the window). */
  readonly duplicates: readonly DuplicateSlot[];
  /** Slots of the window that never ran. */
  readonly missing: readonly MissingSlot[];
  /** Runs per host, whole ledger. */
  readonly runsByHost: Readonly<Record<string, number>>;
  /** Lines that are not `task,ISO slot,host` of a known task, or name an instant that is not a slot. */
  readonly malformed: readonly string[];
}

/**
 * Reads ledger lines (`task,slot ISO-8601,host`, as the soak tasks append them) and audits the window
 * `[from, to]`: every slot of every task must appear exactly once. Duplicates are looked for in the
 * whole ledger, since a slot run twice is a fault wherever it lies.
 */
export function auditSlots(lines: readonly string[], tasks: readonly PeriodicTask[], window: { from: number; to: number }): SlotAudit {
  const periods = new Map(tasks.map((task) => [task.id, task.periodMs]));
  const seen = new Map<string, string[]>();
  const runsByHost: Record<string, number> = {};
  const malformed: string[] = [];
  for (const line of lines) {
    const entry = parseLedgerLine(line);
    const period = entry === null ? undefined : periods.get(entry.taskId);
    if (entry === null || period === undefined || entry.slot % period !== 0) {
      malformed.push(line);
      continue;
    }
    const key = `${entry.taskId}\0${entry.slot}`;
    seen.set(key, [...(seen.get(key) ?? []), entry.host]);
    runsByHost[entry.host] = (runsByHost[entry.host] ?? 0) + 1;
  }
  const duplicates: DuplicateSlot[] = [];
  for (const [key, hosts] of seen) {
    if (hosts.length < 2) continue;
    const [taskId, slot] = key.split('\0') as [string, string];
    duplicates.push({ taskId, slot: Number(slot), hosts });
  }
  let expected = 0;
  let ran = 0;
  const missing: MissingSlot[] = [];
  for (const task of tasks) {
    for (let slot = Math.ceil(window.from / task.periodMs) * task.periodMs; slot <= window.to; slot += task.periodMs) {
      expected++;
      if (seen.has(`${task.id}\0${slot}`)) ran++;
      else missing.push({ taskId: task.id, slot });
    }
  }
  missing.sort((a, b) => a.slot - b.slot || (a.taskId < b.taskId ? -1 : 1));
  return { expected, ran, duplicates, missing, runsByHost, malformed };
}

/** Parses `task,slot,host`; `null` when the line is not one. */
export function parseLedgerLine(line: string): LedgerEntry | null {
  const parts = line.split(',');
  if (parts.length !== 3) return null;
  const [taskId, iso, host] = parts as [string, string, string];
  const slot = Date.parse(iso);
  if (taskId === '' || host === '' || Number.isNaN(slot) || new Date(slot).toISOString() !== iso) return null;
  return { taskId, slot, host };
}
