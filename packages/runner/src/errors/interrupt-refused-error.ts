import { SchedulerError, quote } from '@monkeyslegion/scheduler-core';

/** `schedule:interrupt` was asked to signal a pid that is not a running task of this scheduler. */
export class InterruptRefusedError extends SchedulerError {
  constructor(pid: unknown, reason: string) {
    super('INTERRUPT_REFUSED', `Interrupt: refusing pid ${quote(pid)}: ${reason}`, { context: { value: pid } });
  }
}
