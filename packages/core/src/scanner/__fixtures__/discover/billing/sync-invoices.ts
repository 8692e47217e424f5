import { Scheduled } from '../../../../decorators/scheduled.js';
import { InvoiceService } from './invoice-service.js';

@Scheduled({ expression: '0 * * * *', tags: ['billing'], onOneServer: true, timeout: '10m', description: 'Sync invoices' })
export class SyncInvoices {
  constructor(readonly invoices: InvoiceService) {}

  handle(): number {
    return this.invoices.sync();
  }
}
