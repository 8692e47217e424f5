import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Shared vitest settings for every workspace package.
 *
 * The `source` export condition makes workspace packages resolve to their TypeScript sources,
 * so unit tests never depend on a stale `dist/`. Legacy decorators with metadata are emitted
 * because typedi constructor injection silently breaks without `design:paramtypes`.
 */
export function packageTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['source', ...defaultServerConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**', '**/fixtures/**'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  } as ViteUserConfig);
}
