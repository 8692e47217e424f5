import type { SlotPlanner } from '@monkeyslegion/scheduler-runner';

/** A running daemon-style pulse loop; `stop()` ends it and returns the virtual time it reached. */
export interface PlannerLoop {
  stop(): number;
}

/**
 * Drives `planner` the way `Daemon.run` does — a pulse at every whole second of the clock, or earlier
 * when the next slot is sooner — on a clock shifted by `offsetMs`, dropping the due slots instead of
 * spawning them. This is the daemon's scheduling work per second without process spawning.
 */
export function startPlannerLoop(planner: SlotPlanner, offsetMs: number, sleepMs = 1000): PlannerLoop {
  const now = () => Date.now() + offsetMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pulseIndex = Math.floor(now() / sleepMs) + 1;
  const tick = () => {
    if (stopped) return;
    planner.pulse(now());
    pulseIndex = Math.max(pulseIndex, Math.floor(now() / sleepMs) + 1);
    const nextPulse = pulseIndex * sleepMs;
    const nextSlot = planner.nextSlotAt() ?? Number.POSITIVE_INFINITY;
    const delay = Math.max(0, Math.min(Math.min(nextPulse, nextSlot) - now(), sleepMs));
    timer = setTimeout(() => {
      if (now() >= nextPulse) pulseIndex++;
      tick();
    }, delay);
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      return now();
    },
  };
}
