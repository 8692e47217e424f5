import { Scheduled } from '../../../decorators/scheduled.js';

@Scheduled({ expression: '* * * * *' })
export class NoHandle {
  run(): void {}
}
