import type { SubjectMessage } from './subject-process.js';

/** What a subject can do besides returning its result. */
export interface SubjectChannel {
  /** Streams an event to the harness (e.g. one dispatch timestamp). */
  emit(event: unknown): void;
  /** Registers a listener for the harness's commands. */
  onCommand(listener: (command: unknown) => void): void;
}

/**
 * The subject side of `SubjectProcess`: waits for the input, runs `handler`, reports its result (or
 * error) and exits — exiting explicitly because armed peers (croner, node-cron) keep timers alive.
 */
export function serveSubject<Input, Result>(handler: (input: Input, channel: SubjectChannel) => Promise<Result>): void {
  const send = (message: SubjectMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
  const listeners: Array<(command: unknown) => void> = [];
  const channel: SubjectChannel = {
    emit: (event) => void send({ kind: 'event', event }),
    onCommand: (listener) => listeners.push(listener),
  };
  // When the harness dies, its subjects must not live on with armed timers or open connections.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message: { kind: string; input?: unknown; command?: unknown }) => {
    if (message.kind === 'command') {
      for (const listener of listeners) listener(message.command);
      return;
    }
    if (message.kind !== 'input') return;
    handler(message.input as Input, channel).then(
      async (result) => {
        await send({ kind: 'result', result });
        process.exit(0);
      },
      async (error: unknown) => {
        await send({ kind: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
        process.exit(1);
      },
    );
  });
}
