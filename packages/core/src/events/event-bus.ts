/** A constructor of an event class; events are dispatched by class. */
export type EventClass<E> = new (...args: never[]) => E;

/** A listener for events of one class. */
export type EventListener<E> = (event: E) => void;

/**
 * A small synchronous, typed event bus: listeners subscribe to an event class.
 * A throwing listener does not stop the others; the errors are re-thrown together as an `AggregateError`
 * so the emitter (the runner) can record them — nothing is swallowed.
 *
 * @example
 * events.on(TaskFailed, (event) => alert(event.task.id, event.result.exitCode));
 */
export class EventBus {
  // Keyed by class name, not class identity: a listener registered with one copy of an event class (e.g.
  // from a config loaded by a TypeScript loader) still hears events emitted with another copy.
  private readonly listeners = new Map<string, Set<EventListener<never>>>();

  /** Subscribes `listener` to events of `type`; returns a function that unsubscribes it. */
  on<E>(type: EventClass<E>, listener: EventListener<E>): () => void {
    let set = this.listeners.get(type.name);
    if (!set) {
      set = new Set();
      this.listeners.set(type.name, set);
    }
    set.add(listener as EventListener<never>);
    return () => this.off(type, listener);
  }

  /** Subscribes `listener` for the next event of `type` only. */
  once<E>(type: EventClass<E>, listener: EventListener<E>): () => void {
    const off = this.on(type, (event: E) => {
      off();
      listener(event);
    });
    return off;
  }

  /** Removes `listener` from events of `type`. */
  off<E>(type: EventClass<E>, listener: EventListener<E>): void {
    this.listeners.get(type.name)?.delete(listener as EventListener<never>);
  }

  /** Calls every listener of the event's class in subscription order. */
  emit<E extends object>(event: E): void {
    const set = this.listeners.get(event.constructor.name);
    if (!set || set.size === 0) return;
    const errors: unknown[] = [];
    for (const listener of [...set]) {
      try {
        (listener as EventListener<E>)(event);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      throw new AggregateError(errors, `EventBus: ${errors.length} listener(s) of ${event.constructor.name} threw`);
    }
  }

  /** Number of listeners subscribed to `type`. */
  listenerCount(type: EventClass<unknown>): number {
    return this.listeners.get(type.name)?.size ?? 0;
  }
}
