import { pathToFileURL } from 'node:url';

/** Loads a module file and returns its namespace (exports). The CLI passes a TypeScript-aware loader. */
export type ModuleImporter = (file: string) => Promise<Record<string, unknown>>;

/** Node's own `import()`; handles `.js`/`.mjs` (and `.ts` only under a TypeScript loader). */
export const nativeImporter: ModuleImporter = async (file) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;
