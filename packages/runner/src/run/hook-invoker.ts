import type { Logger } from 'pino';

/** Runs hooks one by one; a throwing hook is logged and collected, and never stops the others. */
export async function invokeHooks<A>(
  name: string,
  hooks: readonly ((argument: A) => unknown)[],
  argument: A,
  logger: Logger,
): Promise<string[]> {
  const errors: string[] = [];
  for (const [index, hook] of hooks.entries()) {
    try {
      await hook(argument);
    } catch (error) {
      const message = `${name} hook #${index + 1} threw: ${error instanceof Error ? error.message : String(error)}`;
      logger.error({ err: error, hook: name }, message);
      errors.push(message);
    }
  }
  return errors;
}
