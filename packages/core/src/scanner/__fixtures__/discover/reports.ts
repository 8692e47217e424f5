import { Service } from 'typedi';
import { Scheduled } from '../../../decorators/scheduled.js';

@Service()
export class ReportService {
  @Scheduled({ expression: '0 6 * * 1', timezone: 'Europe/London' })
  weekly(): string {
    return 'weekly';
  }

  @Scheduled({ expression: '*/10 * * * * *', name: 'reports-pulse', allowOverlapping: true })
  pulse(): string {
    return 'pulse';
  }

  notScheduled(): string {
    return 'plain';
  }
}
