import { uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { MemoryCacheStore } from '../../src/memory.js';
import { describeCacheStoreConformance } from '../../src/testing.js';

describeCacheStoreConformance('memory', async () => {
  const store = new MemoryCacheStore({ prefix: `${uniqueTestPrefix('memory')}:` });
  return { store, cleanup: () => store.close() };
}, { requireCompareAndSwap: true });
