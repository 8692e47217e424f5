import { Scheduled } from '../../../decorators/scheduled.js';

@Scheduled({ expression: '* * * * *' })
class HiddenTask {
  handle(): void {}
}

export const unrelated = HiddenTask.name.length;
