import { Scheduled } from '../../../decorators/scheduled.js';

@Scheduled({ expression: '61 * * * *' })
export class BadMinute {
  handle(): void {}
}
