import { Service } from 'typedi';

@Service()
export class InvoiceService {
  readonly synced: string[] = [];
  sync(): number {
    this.synced.push('all');
    return this.synced.length;
  }
}
