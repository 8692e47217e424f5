import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Application } from '../app/application.js';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { AttributeScanner } from './attribute-scanner.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const defaults = { timezone: 'UTC', baseDir: fixtures };

describe('AttributeScanner', () => {
  it('discovers decorated classes and methods, skipping tests and declaration files', async () => {
    const found = await new AttributeScanner().scan([path.join(fixtures, 'discover')], defaults);
    const byId = new Map(found.map((entry) => [entry.task.id, entry]));
    expect([...byId.keys()].sort()).toEqual(['ReportService.weekly', 'SyncInvoices', 'reports-pulse']);

    const sync = byId.get('SyncInvoices')!;
    expect(sync.task.kind).toBe('class');
    expect(sync.task.expression).toBe('0 * * * *');
    expect(sync.task.tags).toEqual(['billing']);
    expect(sync.task.onOneServer).toBe(true);
    expect(sync.task.timeoutMs).toBe(600_000);
    expect(sync.task.description).toBe('Sync invoices');
    expect(sync.task.target?.method).toBe('handle');
    expect(sync.task.target?.module).toEqual({ file: path.join(fixtures, 'discover/billing/sync-invoices.ts'), exportName: 'SyncInvoices' });
    expect(sync.exportName).toBe('SyncInvoices');
    expect(sync.file).toBe(path.join(fixtures, 'discover/billing/sync-invoices.ts'));

    const weekly = byId.get('ReportService.weekly')!;
    expect(weekly.task.timezone).toBe('Europe/London');
    expect(weekly.task.target?.method).toBe('weekly');
    expect(weekly.task.withoutOverlapping).toBe(true);

    const pulse = byId.get('reports-pulse')!;
    expect(pulse.task.expression).toBe('*/10 * * * * *');
    expect(pulse.task.hasSeconds).toBe(true);
    expect(pulse.task.withoutOverlapping).toBe(false);
  });

  it('rejects a decorated class without a handle method, naming the file and class', async () => {
    const scan = new AttributeScanner().scan([path.join(fixtures, 'bad-no-handle')], defaults);
    await expect(scan).rejects.toThrow(InvalidTaskError);
    await expect(new AttributeScanner().scan([path.join(fixtures, 'bad-no-handle')], defaults)).rejects.toThrow(
      '@Scheduled: class "NoHandle" in "bad-no-handle/no-handle.ts" has no handle() method to run',
    );
  });

  it('rejects a decorated class that is not exported, naming the file and class', async () => {
    await expect(new AttributeScanner().scan([path.join(fixtures, 'bad-not-exported')], defaults)).rejects.toThrow(
      'AttributeScanner: class "HiddenTask" in "bad-not-exported/hidden.ts" is decorated with @Scheduled but not exported',
    );
  });

  it('rejects an invalid expression with the file, class and bad field value', async () => {
    const error = await new AttributeScanner()
      .scan([path.join(fixtures, 'bad-expression')], defaults)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTaskError);
    expect((error as Error).message).toContain('"BadMinute" in "bad-expression/bad-expression.ts"');
    expect((error as Error).message).toContain('"61"');
  });

  it('reports a discover folder that does not exist', async () => {
    await expect(new AttributeScanner().scan([path.join(fixtures, 'missing')], defaults)).rejects.toThrow(ConfigurationError);
    await expect(new AttributeScanner().scan([path.join(fixtures, 'missing')], defaults)).rejects.toThrow(/discover folder ".*missing" cannot be read \(ENOENT\)/);
  });
});

describe('class tasks resolved through the container', () => {
  it('injects constructor dependencies by type', async () => {
    const app = await Application.boot({ discover: ['./discover'], timezone: 'UTC' }, { baseDir: fixtures });
    try {
      const task = app.registry.get('SyncInvoices');
      const instance = app.instantiate(task.target!.class!) as { invoices: { sync(): number }; handle(): number };
      expect(instance.invoices).toBeDefined();
      expect(instance.invoices.constructor.name).toBe('InvoiceService');
      expect(instance.handle()).toBe(1);
    } finally {
      await app.shutdown();
    }
  });
});
