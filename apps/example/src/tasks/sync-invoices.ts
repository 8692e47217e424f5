import { Scheduled, type TaskContext } from '@monkeyslegion/scheduler-core';
import { InvoiceRepository } from '../services/invoice-repository.js';

/** Syncs invoices with the accounting system; on a cluster only one server runs each slot. */
@Scheduled({ expression: '*/10 * * * * *', onOneServer: true, tags: ['billing'], timeout: '2m', description: 'Sync unsynced invoices' })
export class SyncInvoices {
  constructor(private readonly invoices: InvoiceRepository) {}

  async handle(ctx: TaskContext): Promise<void> {
    const pending = await this.invoices.unsynced();
    console.log(`synced ${pending.length} invoices for slot ${ctx.scheduledAt.toISOString()}`);
  }
}
