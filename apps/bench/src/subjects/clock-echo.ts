import { preciseNow } from '../measure/precise-now.js';
import { serveSubject } from '../measure/serve-subject.js';

// Answers every `ping` with its own precise clock reading, until `stop`.
serveSubject<null, void>(
  (_input, channel) =>
    new Promise<void>((resolve) => {
      channel.onCommand((command) => {
        if (command === 'ping') channel.emit(preciseNow());
        else if (command === 'stop') resolve();
      });
    }),
);
