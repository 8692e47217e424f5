import { Service } from '@monkeyslegion/scheduler-core';

/** A stand-in for a real data layer: invoices that still need to be synced. */
@Service()
export class InvoiceRepository {
  private readonly pending = ['INV-1001', 'INV-1002', 'INV-1003'];

  async unsynced(): Promise<string[]> {
    return [...this.pending];
  }
}
