import { Scheduled, Service, type TaskContext } from '@monkeyslegion/scheduler-core';

/** A service whose decorated methods are tasks of their own (ids `Reports.hourlyDigest`, `weekly-report`). */
@Service()
export class Reports {
  @Scheduled({ expression: '0 * * * *', tags: ['reports'], description: 'Hourly digest' })
  hourlyDigest(ctx: TaskContext): void {
    console.log(`hourly digest for ${ctx.scheduledAt.toISOString()}`);
  }

  @Scheduled({ expression: '0 8 * * 1', name: 'weekly-report', timezone: 'Europe/London', tags: ['reports'] })
  weekly(): void {
    console.log('weekly report mailed');
  }
}
