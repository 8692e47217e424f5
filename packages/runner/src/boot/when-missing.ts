import type { Plugin, Token } from '@monkeyslegion/scheduler-core';

/** Wraps `plugin` so it is enabled only when nothing is bound to `token` yet (embedded defaults). */
export function whenMissing(token: Token<unknown>, plugin: Plugin): Plugin {
  let enabled = false;
  return {
    name: `${plugin.name} (default)`,
    async onEnable(context) {
      if (context.has(token)) return;
      await plugin.onEnable(context);
      enabled = true;
    },
    async onDisable(context) {
      if (enabled) await plugin.onDisable?.(context);
      enabled = false;
    },
  };
}
