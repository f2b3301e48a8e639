/**
 * The inventory scanner against moto: a Distributed Map batch of S3 Inventory rows (keys
 * URL-encoded, as the CSV has them) is scanned and tagged; one bad item is reported, by index and
 * version id, as exactly that item's failure while the rest of the batch is scanned.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { keyHash } from '../../lambdas/aws/object-ref.js';
import { PII_TYPES } from '../../lambdas/engine/index.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import {
  inventoryConfigFromEnv,
  parseItem,
  scanInventoryBatch,
  type InventoryBatch,
  type InventoryBatchResult,
  type InventoryConfig,
  type InventoryDeps,
} from '../../lambdas/scanner/inventory.js';
import { ScannerConfigError } from '../../lambdas/scanner/errors.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { useHandler } from '../support/handler.js';
import { useMotoS3 } from '../support/moto.js';
import { recorder } from '../support/recorder.js';
import { PUBLIC_TEXT, createVault, customerCsv, lambdaContext, putVersion, tagsOf } from './fixtures.js';

// Before the handler module loads (its Logger and Metrics read these once).
vi.hoisted(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const VAULT = 'vault-inventory';
const RECORDS = 'records-inventory';
/** A key that looks like it names a person: never in a result or a log line. */
const NAMED_KEY = 'customers/Sample Person list.csv';
const config: InventoryConfig = { reportBucket: RECORDS, reportPrefix: 'reports/', apply: true, vaultBucket: VAULT };
let versions: Record<'named' | 'plain' | 'public', string>;
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  await createVault(client, RECORDS, 'GOVERNANCE');
  versions = {
    named: await putVersion(client, VAULT, NAMED_KEY, customerCsv('named').csv),
    plain: await putVersion(client, VAULT, 'in/plain.csv', customerCsv('plain').csv),
    public: await putVersion(client, VAULT, 'in/public.txt', PUBLIC_TEXT),
  };
});

/** An S3 Inventory CSV row as the Distributed Map's item reader gives it (key URL-encoded, strings). */
function inventoryRow(key: string, versionId: string, extra: Record<string, string> = {}) {
  return {
    Bucket: VAULT,
    Key: encodeURIComponent(key).replace(/%2F/g, '/'),
    VersionId: versionId,
    IsLatest: 'true',
    IsDeleteMarker: 'false',
    Size: '100',
    ObjectLockMode: 'GOVERNANCE',
    ...extra,
  };
}

/** Deps with a logger that records what it is given. */
function recordingDeps() {
  const { logger, logs, metricsSink } = recorder();
  const deps: InventoryDeps = { s3, config, logger, metrics: metricsSink };
  return { deps, logs };
}

describe('scanInventoryBatch', () => {
  it('leaves versions larger than the range size to the backlog, untagged and not failed', async () => {
    // Prepare: a range size between the public text and the customer CSV
    const batch: InventoryBatch = { Items: [inventoryRow('in/plain.csv', versions.plain), inventoryRow('in/public.txt', versions.public)] };
    const { deps } = recordingDeps();
    // Act
    const result = await scanInventoryBatch(deps, batch, { rangeBytes: Buffer.byteLength(PUBLIC_TEXT) });
    // Assess
    expect(result).toMatchObject({ items: 2, scanned: 1, deferred: 1, failed: [], bySensitivity: { public: 1 } });
    expect(await tagsOf(s3, VAULT, 'in/plain.csv', versions.plain)).toEqual({});
  });

  it('reports exactly the one bad item as failed and scans the rest of the batch', async () => {
    // Prepare: three good rows and, in the middle, a version that does not exist
    const batch: InventoryBatch = {
      Items: [
        inventoryRow(NAMED_KEY, versions.named),
        inventoryRow('in/gone.csv', 'no-such-version'),
        inventoryRow('in/plain.csv', versions.plain),
        inventoryRow('in/public.txt', versions.public),
      ],
      BatchInput: { execution: 'exec-1' },
    };
    const { deps, logs } = recordingDeps();
    // Act
    const result = await scanInventoryBatch(deps, batch);
    // Assess
    expect(result.failed).toEqual([{ index: 1, versionId: 'no-such-version', keyHash: keyHash('in/gone.csv'), code: 'S3_NOT_FOUND' }]);
    expect(result).toMatchObject({ items: 4, scanned: 3, alreadyScanned: 0, skipped: 0, bySensitivity: { confidential: 2, public: 1 } });
    expect(await tagsOf(s3, VAULT, NAMED_KEY, versions.named)).toMatchObject({ [TAG_KEYS.sensitivity]: 'confidential', [TAG_KEYS.engine]: ENGINE_VERSION });
    expect(await tagsOf(s3, VAULT, 'in/public.txt', versions.public)).toMatchObject({ [TAG_KEYS.sensitivity]: 'public' });
    const reports = await s3.send(new ListObjectsV2Command({ Bucket: RECORDS, Prefix: 'reports/scan/' }));
    expect((reports.Contents ?? []).map((o) => o.Key)).toEqual([result.reportKey]);
    // Ids only: the named key is in the report object, never in the result or a log line.
    expect(JSON.stringify([result, logs])).not.toContain('Sample');
  });

  it.each([
    ['a delete marker', inventoryRow('in/plain.csv', 'v-marker', { IsDeleteMarker: 'true' }), { skipped: 1, failed: [] }],
    ['a version of another bucket', { ...inventoryRow('in/plain.csv', 'v-other'), Bucket: 'other-bucket' }, { failed: [expect.objectContaining({ code: 'WRONG_BUCKET' })] }],
    ['a row without a version id', inventoryRow('in/plain.csv', ''), { failed: [expect.objectContaining({ code: 'INVALID_ITEM' })] }],
    ['something that is not an item', { hello: 'world' }, { failed: [{ index: 0, code: 'INVALID_ITEM' }] }],
  ])('handles %s without failing the batch', async (_name, item, expected) => {
    // Act
    const result = await scanInventoryBatch(recordingDeps().deps, { Items: [item] });
    // Assess
    expect(result).toMatchObject({ items: 1, scanned: 0, ...expected });
    expect(result.reportKey).toBeUndefined();
  });

  it('classifies with the policy its environment gives (SHREDLOCK_CLASSIFICATION_POLICY)', async () => {
    // Prepare: every type only sensitive, from the environment as the stack writes it
    const fromEnv = inventoryConfigFromEnv({
      SHREDLOCK_REPORT_BUCKET: RECORDS,
      SHREDLOCK_VAULT_BUCKET: VAULT,
      SHREDLOCK_CLASSIFICATION_POLICY: JSON.stringify({ confidential: [], sensitive: PII_TYPES }),
    });
    const { deps } = recordingDeps();
    // Act
    const result = await scanInventoryBatch({ ...deps, config: fromEnv }, { Items: [inventoryRow('in/plain.csv', versions.plain)] });
    // Assess: the customer file the seed policy makes confidential is sensitive under this one
    expect(result).toMatchObject({ scanned: 1, failed: [] });
    expect((await tagsOf(s3, VAULT, 'in/plain.csv', versions.plain))[TAG_KEYS.sensitivity]).toBe('sensitive');
  });

  it('skips versions this engine version has scanned, unless forced', async () => {
    // Prepare
    const { deps } = recordingDeps();
    const items = [inventoryRow('in/plain.csv', versions.plain), { bucket: VAULT, key: 'in/public.txt', versionId: versions.public }];
    await scanInventoryBatch(deps, { Items: items });
    // Act
    const again = await scanInventoryBatch(deps, { Items: items });
    const forced = await scanInventoryBatch(deps, { Items: items, BatchInput: { force: true } });
    // Assess
    expect(again).toMatchObject({ scanned: 0, alreadyScanned: 2, failed: [] });
    expect(forced).toMatchObject({ scanned: 2, alreadyScanned: 0, failed: [] });
  });

  it('leaves the items it cannot start before the deadline as failed DEADLINE', async () => {
    // Prepare: the clock passes the deadline after the first item
    let ticks = 0;
    const clock = () => (ticks++ === 0 ? 0 : 100);
    const items = [inventoryRow('in/plain.csv', versions.plain), inventoryRow('in/public.txt', versions.public)];
    // Act
    const result = await scanInventoryBatch(recordingDeps().deps, { Items: items }, { deadlineMs: 50, clock });
    // Assess
    expect(result.scanned).toBe(1);
    expect(result.failed).toEqual([{ index: 1, versionId: versions.public, keyHash: keyHash('in/public.txt'), code: 'DEADLINE' }]);
  });
});

describe('parseItem', () => {
  it.each([
    [inventoryRow('a b.csv', 'v1'), { kind: 'version', bucket: VAULT, rawKey: 'a%20b.csv', versionId: 'v1' }],
    [{ bucket: VAULT, key: 'a b.csv', versionId: 'v1' }, { kind: 'version', bucket: VAULT, rawKey: 'a b.csv', versionId: 'v1' }],
    [inventoryRow('a.csv', 'v1', { IsDeleteMarker: 'TRUE' }), { kind: 'delete-marker' }],
    [{ Bucket: VAULT, Key: 'a.csv', VersionId: 'v1', IsDeleteMarker: true }, { kind: 'delete-marker' }],
    [null, { kind: 'invalid', code: 'INVALID_ITEM' }],
  ])('reads %j', (raw, expected) => {
    expect(parseItem(raw)).toEqual(expected);
  });
});

describe('inventory handler', () => {
  const handler = useHandler<(event: InventoryBatch, context: ReturnType<typeof lambdaContext>) => Promise<InventoryBatchResult>>(
    { SHREDLOCK_REPORT_BUCKET: RECORDS, SHREDLOCK_VAULT_BUCKET: VAULT },
    () => import('../../lambdas/scanner/inventory-handler.js'),
  );

  it('returns the per-item failures of the batch it was given', async () => {
    // Act
    const result = await handler(
      { Items: [inventoryRow('in/plain.csv', versions.plain), inventoryRow('in/gone.csv', 'no-such-version')] },
      lambdaContext(15 * 60_000),
    );
    // Assess
    expect(result).toMatchObject({ items: 2, scanned: 1, failed: [expect.objectContaining({ index: 1, code: 'S3_NOT_FOUND' })] });
  });
});

describe('inventoryConfigFromEnv', () => {
  it('reads the scanner settings and the vault bucket', () => {
    expect(inventoryConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: RECORDS, SHREDLOCK_VAULT_BUCKET: VAULT })).toEqual(config);
  });

  it('names every missing variable', () => {
    const read = () => inventoryConfigFromEnv({});
    expect(read).toThrow(ScannerConfigError);
    expect(read).toThrow(/SHREDLOCK_REPORT_BUCKET[\s\S]*SHREDLOCK_VAULT_BUCKET/);
  });
});
