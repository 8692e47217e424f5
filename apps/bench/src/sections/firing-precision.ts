import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStamp } from '../measure/capturing-logger.js';
import { summarize, type Summary } from '../measure/stats.js';
import { runSubject } from '../measure/subject-process.js';
import { formatMs, formatRatio, medianP99 } from '../report/format.js';
import type { GoalCheck, ReportTable } from '../report/report-model.js';
import type { DaemonEvent, DaemonSubjectResult } from '../subjects/daemon-events.js';
import { SubjectStream } from '../measure/subject-stream.js';
import type { PeerCallbacksInput } from '../subjects/peer-callbacks.js';
import type { SpawnFloorInput, SpawnFloorResult } from '../subjects/spawn-floor.js';
import type { BenchSection, SectionContext } from './section.js';

const ISSUE_GOALS =
  "Goals: dispatch p99 no worse than croner's in-process callback p99; shell-command child start ≤ 2× the bare `sh` spawn; closure/class child start ≤ 1.5× the bare `node` spawn.";

const TASKS = [
  { id: 'stamp-shell', label: 'shell command (`date +%s%N`)' },
  { id: 'stamp-closure', label: 'closure' },
  { id: 'stamp-class', label: 'discovered @Scheduled class' },
] as const;

// The first fires of each task include jiti transpiling the fixture and the JIT warming up.
const WARMUP_FIRES = 2;

interface Fire {
  taskId: string;
  scheduledAt: number;
  startingAt: number;
  stamp: number | null;
  /** Clock reading of the daemon pulse that took the slot (whole ms), when known. */
  pulseAt: number | null;
}

/** Section 3: firing precision of the daemon beside in-process peers and bare spawn floors. */
export const firingPrecisionSection: BenchSection = {
  id: 'precision',
  title: '3. Firing precision',
  async run(context) {
    const { plan } = context;
    context.log(`precision: spawn floors (${plan.precision.floorSpawns} rounds)`);
    const floors = await runSubject<SpawnFloorResult>('spawn-floor', { spawns: plan.precision.floorSpawns } satisfies SpawnFloorInput, { timeoutMs: 300_000 });

    context.log(`precision: croner and node-cron every-second callbacks (${plan.precision.peerFires} each)`);
    // Peer jobs fire together every second; enough jobs give the wanted sample count in `peerSeconds`.
    const jobs = Math.max(1, Math.ceil(plan.precision.peerFires / plan.precision.peerSeconds));
    const peerTimeout = (plan.precision.peerSeconds + 30) * 1000;
    const [croner, nodeCron] = await Promise.all(
      (['croner', 'node-cron'] as const).map((library) =>
        runSubject<number[]>('peer-callbacks', { library, jobs, fires: plan.precision.peerFires } satisfies PeerCallbacksInput, { timeoutMs: peerTimeout }),
      ),
    );

    context.log(`precision: daemon with 3 every-second tasks for ${plan.precision.fires + WARMUP_FIRES} s`);
    const fires = await runDaemon(context, plan.precision.fires);
    return buildReport(context, floors, croner!, nodeCron!, fires.fires, fires.problems);
  },
};

async function runDaemon(context: SectionContext, wanted: number): Promise<{ fires: Fire[]; problems: string[] }> {
  const pulses: number[] = [];
  const fixtureDir = fileURLToPath(new URL('../../fixtures/precision-app/', import.meta.url));
  const dataDir = path.join(context.workDir, 'precision-data');
  mkdirSync(dataDir, { recursive: true });
  const durationMs = (wanted + WARMUP_FIRES) * 1000;
  const daemon = await SubjectStream.start<DaemonEvent, DaemonSubjectResult>('daemon', { fixtureDir, env: { BENCH_DATA_DIR: dataDir }, servePushed: false }, durationMs + 120_000);
  const byRun = new Map<string, Fire>();
  const complete = new Map<string, number>();
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  daemon.on((event: DaemonEvent) => {
    if (event.type === 'pulse') {
      pulses.push(event.at);
    } else if (event.type === 'starting') {
      // Pulses arrive in order, each before the dispatches it started: the first one at or after the
      // slot is the one that took it.
      const pulseAt = pulses.find((at) => at >= event.scheduledAt) ?? null;
      byRun.set(event.runId, { taskId: event.taskId, scheduledAt: event.scheduledAt, startingAt: event.at, stamp: null, pulseAt });
    } else if (event.type === 'line') {
      const fire = byRun.get(event.runId);
      if (!fire || fire.stamp !== null) return;
      fire.stamp = parseStamp(event.text);
      complete.set(fire.taskId, (complete.get(fire.taskId) ?? 0) + 1);
      if (TASKS.every((task) => (complete.get(task.id) ?? 0) >= wanted + WARMUP_FIRES)) resolveDone();
    }
  });
  // Enough time for every fire plus slack for a slow machine; a stall ends the wait, not the run.
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, durationMs + 60_000))]);
  const report = await daemon.stop();
  return { fires: [...byRun.values()], problems: report.problems };
}

function buildReport(context: SectionContext, floors: SpawnFloorResult, croner: number[], nodeCron: number[], fires: Fire[], problems: string[]) {
  const perTask = new Map<string, { dispatch: Summary; wake: Summary; path: Summary; child: Summary; overhead: Summary; missingStamps: number }>();
  for (const task of TASKS) {
    const own = fires.filter((fire) => fire.taskId === task.id).sort((a, b) => a.scheduledAt - b.scheduledAt).slice(WARMUP_FIRES);
    perTask.set(task.id, {
      dispatch: summarize(own.map((fire) => fire.startingAt - fire.scheduledAt)),
      wake: summarize(own.filter((fire) => fire.pulseAt !== null).map((fire) => fire.pulseAt! - fire.scheduledAt)),
      path: summarize(own.filter((fire) => fire.pulseAt !== null).map((fire) => fire.startingAt - fire.pulseAt!)),
      child: summarize(own.filter((fire) => fire.stamp !== null).map((fire) => fire.stamp! - fire.scheduledAt)),
      overhead: summarize(own.filter((fire) => fire.stamp !== null).map((fire) => fire.stamp! - fire.startingAt)),
      missingStamps: own.filter((fire) => fire.stamp === null).length,
    });
  }
  const measured = fires.filter((fire) => TASKS.some((task) => task.id === fire.taskId));
  const allDispatch = summarize(
    TASKS.flatMap((task) =>
      measured
        .filter((fire) => fire.taskId === task.id)
        .sort((a, b) => a.scheduledAt - b.scheduledAt)
        .slice(WARMUP_FIRES)
        .map((fire) => fire.startingAt - fire.scheduledAt),
    ),
  );
  const cronerSummary = summarize(croner);
  const nodeCronSummary = summarize(nodeCron);
  const floor = {
    shAlone: summarize(floors.shAlone),
    nodeAlone: summarize(floors.nodeAlone),
    shMatched: summarize(floors.shMatched),
    nodeMatched: summarize(floors.nodeMatched),
  };

  const lateness: ReportTable = {
    caption: 'Lateness after the slot instant (median and p99). Dispatch = `TaskStarting` (emitted right before the spawn call) − slot, split into the daemon waking (the pulse that took the slot − slot; whole milliseconds) and the run path (slot claim, hooks: `TaskStarting` − that pulse); child start = the stamp the child printed first thing − slot; spawn = child stamp − `TaskStarting`.',
    headers: ['subject', 'dispatch', 'of which: wake', 'of which: run path', 'child start', 'spawn (child start − dispatch)'],
    rows: [
      ...TASKS.map((task) => {
        const figures = perTask.get(task.id)!;
        return [`ours: ${task.label}`, medianP99(figures.dispatch), medianP99(figures.wake), medianP99(figures.path), medianP99(figures.child), medianP99(figures.overhead)];
      }),
      ['ours: all three tasks', medianP99(allDispatch), '', '', '', ''],
      ['croner in-process callback', medianP99(cronerSummary), '', '', '(no child)', ''],
      ['node-cron in-process callback', medianP99(nodeCronSummary), '', '', '(no child)', ''],
    ],
  };
  const floorTable: ReportTable = {
    caption: 'Spawn floors measured in the same run: spawn call → the child\'s own first stamp, with the executor\'s spawn options. "Alone" = one child at a time; "matched" = one sh and two node children spawned together, as the daemon does every second in this section.',
    headers: ['floor', 'alone', 'matched (1 sh + 2 node at once)', 'first byte received (alone)'],
    rows: [
      ['bare `sh -c \'date +%s%N\'`', medianP99(floor.shAlone), medianP99(floor.shMatched), medianP99(summarize(floors.shFirstByte))],
      ['bare `node -e` (prints its clock)', medianP99(floor.nodeAlone), medianP99(floor.nodeMatched), medianP99(summarize(floors.nodeFirstByte))],
    ],
  };

  const goals: GoalCheck[] = [];
  const dispatchOk = allDispatch.p99 <= cronerSummary.p99;
  goals.push({
    goal: "dispatch p99 no worse than croner's in-process callback p99",
    measured: `ours ${formatMs(allDispatch.p99)} vs croner ${formatMs(cronerSummary.p99)} (p99)`,
    verdict: allDispatch.count === 0 ? 'not-measured' : dispatchOk ? 'met' : 'missed',
    ...(dispatchOk ? {} : { gap: `Ours dispatches ${formatRatio(allDispatch.p99 / cronerSummary.p99)} later at p99 (${formatMs(allDispatch.p99 - cronerSummary.p99)} more).` }),
  });
  const childGoal = (goal: string, taskId: string, label: string, limit: number, base: Summary, alone: Summary) => {
    const child = perTask.get(taskId)!.child;
    const ratio = child.median / base.median;
    goals.push({
      goal,
      measured: `${label}: child start median ${formatMs(child.median)} = ${formatRatio(ratio)} the matched floor ${formatMs(base.median)} (${formatRatio(child.median / alone.median)} the floor spawned alone, ${formatMs(alone.median)})`,
      verdict: child.count === 0 ? 'not-measured' : ratio <= limit ? 'met' : 'missed',
      ...(ratio <= limit ? {} : { gap: `The ${label} child starts ${formatRatio(ratio)} the floor, ${formatRatio(ratio / limit)} over the ${limit}× allowed (${formatMs(child.median - base.median * limit)} too slow at the median).` }),
    });
  };
  childGoal('shell-command child start ≤ 2× the bare `sh` spawn', 'stamp-shell', 'shell', 2, floor.shMatched, floor.shAlone);
  childGoal('closure/class child start ≤ 1.5× the bare `node` spawn', 'stamp-closure', 'closure', 1.5, floor.nodeMatched, floor.nodeAlone);
  childGoal('closure/class child start ≤ 1.5× the bare `node` spawn', 'stamp-class', 'class', 1.5, floor.nodeMatched, floor.nodeAlone);

  const findings: string[] = problems.map((problem) => `The daemon logged: ${problem}`);
  for (const task of TASKS) {
    const figures = perTask.get(task.id)!;
    if (figures.dispatch.count < context.plan.precision.fires) findings.push(`${task.id}: only ${figures.dispatch.count} of ${context.plan.precision.fires} wanted fires were recorded.`);
    if (figures.missingStamps > 0) findings.push(`${task.id}: ${figures.missingStamps} run(s) printed no stamp.`);
  }
  const incomplete = findings.length > 0 && TASKS.some((task) => perTask.get(task.id)!.child.count === 0);
  return {
    id: firingPrecisionSection.id,
    title: firingPrecisionSection.title,
    status: incomplete ? ('partial' as const) : ('measured' as const),
    issueGoals: ISSUE_GOALS,
    method: [
      `Ours: the runner's \`Daemon\` (what \`legion schedule:work\` runs) in its own process on \`apps/bench/fixtures/precision-app\`: an every-second shell command, an every-second closure and a discovered every-second @Scheduled class, all \`allowOverlapping()\`, embedded defaults (SQLite + file locks). ${context.plan.precision.fires} fires per task are kept after dropping the first ${WARMUP_FIRES} (jiti transpiling the fixture, JIT warm-up). The daemon runs with its default warm pools (2 booted Node children, 2 waiting shells), so each run of a slot is a hand-over; the three children start together, so their start times include sharing 2 cores with each other.`,
      `Peers: croner (\`new Cron('* * * * * *', fn)\`) and node-cron (\`cron.schedule('* * * * * *', fn)\`) in separate processes, ${Math.max(1, Math.ceil(context.plan.precision.peerFires / context.plan.precision.peerSeconds))} every-second jobs each, the callback's lateness after its whole second (first fire of each job dropped); ${context.plan.precision.peerFires} callbacks each.`,
      'Timestamps cross processes with `performance.timeOrigin + performance.now()` (sh prints `date +%s%N`); see the clock agreement at the top. Goals compare medians of child start with medians of the matched floor; the alone floor is shown too.',
    ],
    tables: [lateness, floorTable],
    goals,
    findings,
  };
}
