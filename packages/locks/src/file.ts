export type { FileLockProviderOptions } from './file/file-lock-provider.js';
export { FileLockProvider } from './file/file-lock-provider.js';
export { lockFileName } from './file/lock-file-name.js';
