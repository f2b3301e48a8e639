import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INVENTORY_FIELDS, INVENTORY_ID, INVENTORY_PREFIX } from '../../lib/vault-bucket.js';
import { blockersOf, evidenceCounts, type BucketEvidence } from '../../lambdas/shredder/evidence-model.js';
import type { HeadOutcome } from '../../lambdas/shredder/version-head.js';
import {
  DEFAULT_INVENTORY_PREFIX,
  INVENTORY_CONFIG_ID,
  inventoryEvidence,
  type InventoryEvidenceOptions,
} from '../../lambdas/shredder/inventory-evidence.js';
import { REQUIRED_INVENTORY_COLUMNS, parseLockFields } from '../../lambdas/shredder/inventory-rows.js';
import { keyWindows } from '../../lambdas/shredder/inventory-windows.js';
import { decodeInventoryKey, splitCsvLine } from '../../lambdas/shredder/inventory-reader.js';
import { decide, decisionLabel, type SafetyFacts } from '../../lambdas/shredder/safety.js';
import { vaultConfigFromEnv, vaultConfigFromFlags } from '../../lambdas/vault/config.js';
import { VaultConfigError } from '../../lambdas/vault/errors.js';
import type { LedgerEntry } from '../../lambdas/vault/ledger.js';
import { buildDelivery, encodeInventoryKey, memoryStore, VAULT_COLUMNS, writeManifest, type Delivery, type RowInput } from './inventory-fixtures.js';

const VAULT_BUCKET = 'acme-vault';
const INVENTORY_BUCKET = 'acme-inventory';
const KEY_A = '1234abcd-12ab-34cd-56ef-1234567890aa';
const KEY_B = '1234abcd-12ab-34cd-56ef-1234567890bb';
const KEY_C = '1234abcd-12ab-34cd-56ef-1234567890cc';
const arn = (id: string) => `arn:aws:kms:eu-central-1:123456789012:key/${id}`;

function entry(epoch: string, to: string, keyId: string, activatedAt: string | null): LedgerEntry {
  return {
    type: 'shredlock.epoch',
    version: 1,
    vault: 'acme',
    epoch,
    epochMonths: 1,
    from: `${epoch}-01T00:00:00.000Z`,
    to,
    keyId,
    keyArn: arn(keyId),
    alias: `alias/shredlock/acme/epoch/${epoch}`,
    shredNotBefore: '2026-04-02',
    recordedAt: `${epoch}-01T00:00:00.000Z`,
    activatedAt,
  };
}

/** Key A covers January 2026, B February, C March (not yet followed by another epoch). */
const LEDGER: LedgerEntry[] = [
  entry('2026-01', '2026-02-01T00:00:00.000Z', KEY_A, '2026-01-01T00:05:00.000Z'),
  entry('2026-02', '2026-03-01T00:00:00.000Z', KEY_B, '2026-02-01T00:05:00.000Z'),
  entry('2026-03', '2026-04-01T00:00:00.000Z', KEY_C, '2026-03-01T00:05:00.000Z'),
];

const NOW = new Date('2026-06-01T06:00:00.000Z');
const CREATED = new Date('2026-06-01T01:00:00.000Z');
const d = (iso: string) => new Date(iso);

/** January's versions (all out of retention at NOW), one February version, one delete marker. */
const ROWS: RowInput[] = [
  { key: 'customers/Sample Person+1.csv', versionId: 'va1', lastModified: d('2026-01-10T10:00:00Z'), size: 100, retainUntil: d('2026-04-01T00:00:00Z') },
  { key: 'exports/a.csv', versionId: 'va2', lastModified: d('2026-01-20T10:00:00Z'), size: 50, retainUntil: d('2026-04-15T00:00:00Z'), lockMode: 'COMPLIANCE' },
  { key: 'exports/a.csv', versionId: 'dm1', lastModified: d('2026-01-21T10:00:00Z'), deleteMarker: true },
  { key: 'exports/b.csv', versionId: 'vb1', lastModified: d('2026-02-10T10:00:00Z'), size: 7 },
];

/** Facts under which only the evidence decides. */
const FACTS: Omit<SafetyFacts, 'evidence'> = {
  keyState: 'Enabled',
  vaultTagMatches: true,
  tagsValid: true,
  epochEnded: true,
  bucketDefault: false,
  approval: 'by-other',
  records: { certificate: false, completion: false, cancellation: false },
};

interface Run {
  rows?: RowInput[];
  createdAt?: Date;
  now?: Date;
  keyIds?: string[];
  ledger?: LedgerEntry[];
  tamper?: (d: Delivery) => void;
  resolve?: (v: { key: string; versionId: string }) => Promise<HeadOutcome>;
  options?: InventoryEvidenceOptions;
  columns?: readonly string[];
}

const noHead = async (): Promise<HeadOutcome> => {
  throw new Error('no HeadObject expected');
};

async function prove(run: Run = {}): Promise<{ evidence: BucketEvidence; label: string; delivery: Delivery }> {
  const delivery = buildDelivery({
    sourceBucket: VAULT_BUCKET,
    destinationBucket: INVENTORY_BUCKET,
    createdAt: run.createdAt ?? CREATED,
    rows: run.rows ?? ROWS,
    ...(run.columns ? { columns: run.columns } : {}),
  });
  run.tamper?.(delivery);
  const evidence = await inventoryEvidence(
    { store: memoryStore(INVENTORY_BUCKET, delivery), ledger: run.ledger ?? LEDGER, resolve: run.resolve ?? noHead },
    { vaultBucket: VAULT_BUCKET },
    run.keyIds ?? [KEY_A],
    run.now ?? NOW,
    run.options,
  );
  const keyId = (run.keyIds ?? [KEY_A])[0] as string;
  return { evidence, label: decisionLabel(decide({ ...FACTS, evidence: evidenceCounts(evidence, keyId) })), delivery };
}

describe('inventoryEvidence', () => {
  it('all clear: covers the key\'s versions by time, ignores the delete marker, and allows the shred', async () => {
    // Act
    const { evidence, label } = await prove();
    // Assess
    expect(label).toBe('shred');
    expect(evidence).toMatchObject({ method: 'inventory', complete: true, versionsListed: 3, deleteMarkers: 1, versionsOfOtherKeys: 1, shared: [] });
    const a = evidence.byKey.get(KEY_A);
    expect(a?.covered.map((v) => [v.key, v.versionId, v.size, v.lockMode, v.retainUntil])).toEqual([
      ['customers/Sample Person+1.csv', 'va1', 100, 'GOVERNANCE', '2026-04-01T00:00:00.000Z'],
      ['exports/a.csv', 'va2', 50, 'COMPLIANCE', '2026-04-15T00:00:00.000Z'],
    ]);
    expect(a?.blockers).toEqual([]);
    expect(evidence.inventory).toMatchObject({
      manifestKey: `s3://${INVENTORY_BUCKET}/vault/${VAULT_BUCKET}/daily-versions/2026-06-01T01-00Z/manifest.json`,
      manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      creationTimestamp: CREATED.toISOString(),
      files: 2,
      rows: 4,
      versionsResolvedByHead: 0,
      problems: [],
    });
  });

  it.each([
    { name: 'retained', lock: { retainUntil: d('2026-07-01T00:00:00Z') }, label: 'refuse:retained', reasons: ['retained'] },
    { name: 'legal hold', lock: { legalHold: true }, label: 'refuse:legal-hold', reasons: ['legal-hold'] },
    { name: 'both', lock: { legalHold: true, retainUntil: d('2026-07-01T00:00:00Z'), lockMode: 'COMPLIANCE' }, label: 'refuse:retained+legal-hold', reasons: ['retained', 'legal-hold'] },
  ])('refuses a key with a version still locked ($name) and names that version', async ({ lock, label, reasons }) => {
    // Prepare
    const held: RowInput = { key: 'held/Sample Person.pdf', versionId: 'vheld', lastModified: d('2026-01-25T10:00:00Z'), ...lock };
    // Act
    const { evidence, label: got } = await prove({ rows: [...ROWS, held] });
    // Assess
    expect(got).toBe(label);
    expect(blockersOf(evidence, KEY_A)).toEqual([expect.objectContaining({ versionId: 'vheld', reasons })]);
    expect(JSON.stringify(blockersOf(evidence, KEY_A))).not.toContain('Sample');
  });

  it('does not hold a key responsible for another key\'s locked versions', async () => {
    const later: RowInput = { key: 'b/held.csv', versionId: 'vb2', lastModified: d('2026-02-15T00:00:00Z'), legalHold: true };
    const { label } = await prove({ rows: [...ROWS, later] });
    expect(label).toBe('shred');
  });

  it.each([
    {
      name: 'a data file whose MD5 differs from the manifest',
      tamper: (dl: Delivery) => {
        (dl.manifest.files[0] as { MD5checksum: string }).MD5checksum = '0'.repeat(32);
        writeManifest(dl);
      },
      code: 'FILE_MD5_MISMATCH',
    },
    {
      name: 'a data file of another size than the manifest says',
      tamper: (dl: Delivery) => {
        (dl.manifest.files[1] as { size: number }).size += 1;
        writeManifest(dl);
      },
      code: 'FILE_SIZE_MISMATCH',
    },
    {
      name: 'a data file that is not there',
      tamper: (dl: Delivery) => void dl.objects.delete(dl.manifest.files[0]?.key as string),
      code: 'FILE_MISSING',
    },
    {
      name: 'a data file that is not gzip',
      tamper: (dl: Delivery) => {
        const file = dl.manifest.files[0] as { key: string; size: number; MD5checksum: string };
        const junk = Buffer.from('"acme-vault","k","v"\n');
        dl.objects.set(file.key, junk);
        Object.assign(file, { size: junk.length, MD5checksum: createHash('md5').update(junk).digest('hex') });
        writeManifest(dl);
      },
      code: 'FILE_UNREADABLE',
    },
    { name: 'a manifest changed after its checksum', tamper: (dl: Delivery) => writeManifest(Object.assign(dl, { manifest: { ...dl.manifest, files: dl.manifest.files.slice(1) } }), false), code: 'MANIFEST_CHECKSUM' },
    { name: 'no manifest.checksum', tamper: (dl: Delivery) => void dl.objects.delete(dl.checksumKey), code: 'MANIFEST_CHECKSUM' },
    { name: 'a manifest that is not JSON', tamper: (dl: Delivery) => writeManifestBytes(dl, Buffer.from('{ not json')), code: 'MANIFEST_INVALID' },
    { name: 'another manifest version', tamper: (dl: Delivery) => void writeManifest(Object.assign(dl, { manifest: { ...dl.manifest, version: '2099-01-01' } })), code: 'MANIFEST_VERSION' },
    { name: 'an ORC inventory', tamper: (dl: Delivery) => void writeManifest(Object.assign(dl, { manifest: { ...dl.manifest, fileFormat: 'ORC' } })), code: 'NOT_CSV' },
    { name: 'another source bucket', tamper: (dl: Delivery) => void writeManifest(Object.assign(dl, { manifest: { ...dl.manifest, sourceBucket: 'other-vault' } })), code: 'WRONG_SOURCE_BUCKET' },
    {
      name: 'another destination bucket',
      tamper: (dl: Delivery) => void writeManifest(Object.assign(dl, { manifest: { ...dl.manifest, destinationBucket: 'arn:aws:s3:::elsewhere' } })),
      code: 'WRONG_DESTINATION_BUCKET',
    },
  ])('makes the evidence incomplete for $name ($code)', async ({ tamper, code }) => {
    // Act
    const { evidence, label } = await prove({ tamper });
    // Assess
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.complete).toBe(false);
    expect(evidence.inventory?.problems.map((p) => p.code)).toEqual([code]);
  });

  it('makes the evidence incomplete when no inventory was delivered', async () => {
    const evidence = await inventoryEvidence(
      { store: memoryStore(INVENTORY_BUCKET), ledger: LEDGER, resolve: noHead },
      { vaultBucket: VAULT_BUCKET },
      [KEY_A],
      NOW,
    );
    expect(evidence.inventory?.problems).toEqual([{ code: 'NO_INVENTORY' }]);
    expect(decide({ ...FACTS, evidence: evidenceCounts(evidence, KEY_A) })).toEqual({ outcome: 'refuse', reasons: ['evidence-incomplete'] });
  });

  it('makes the evidence incomplete when a column the proof needs is not in the inventory', async () => {
    const { evidence, label } = await prove({ columns: VAULT_COLUMNS.filter((c) => c !== 'ObjectLockLegalHoldStatus') });
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.inventory?.problems).toEqual([{ code: 'SCHEMA_INCOMPLETE', detail: 'ObjectLockLegalHoldStatus' }]);
  });

  it.each([
    { name: 'older than maxAgeDays', now: d('2026-06-03T01:00:01Z'), code: 'INVENTORY_TOO_OLD' },
    { name: 'dated after now', now: d('2026-05-31T00:00:00Z'), code: 'INVENTORY_IN_FUTURE' },
  ])('makes the evidence incomplete for an inventory $name', async ({ now, code }) => {
    const { evidence, label } = await prove({ now });
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.inventory?.problems.map((p) => p.code)).toEqual([code]);
  });

  it('accepts an inventory up to maxAgeDays old, and a longer age when configured', async () => {
    expect((await prove({ now: d('2026-06-03T01:00:00Z') })).label).toBe('shred');
    expect((await prove({ now: d('2026-06-05T00:00:00Z'), options: { maxAgeDays: 7 } })).label).toBe('shred');
  });

  it('is incomplete for a key whose window ended less than settleHours before the inventory began (stale)', async () => {
    // Key A's window ends at B's activation (Feb 1 00:05) + 60 min; the inventory began 12 hours later
    const { evidence, label } = await prove({ createdAt: d('2026-02-01T13:05:00Z'), now: d('2026-02-02T00:00:00Z') });
    expect(label).toBe('refuse:evidence-incomplete+retained');
    expect(evidence.complete).toBe(true);
    expect(evidence.byKey.get(KEY_A)?.problems).toEqual(['INVENTORY_BEFORE_WINDOW_END']);
  });

  it('refuses, naming the version, when a version lies outside every ledger range', async () => {
    // Prepare: written before the first epoch the ledger records
    const early: RowInput = { key: 'early.csv', versionId: 'vearly', lastModified: d('2025-12-15T00:00:00Z') };
    // Act
    const { evidence, label } = await prove({ rows: [...ROWS, early] });
    // Assess
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.shared).toEqual([expect.objectContaining({ versionId: 'vearly', reasons: ['unattributed'], code: 'OUTSIDE_LEDGER' })]);
    expect(blockersOf(evidence, KEY_A).map((b) => b.versionId)).toEqual(['vearly']);
  });

  it('refuses a key whose window holds a version that is not SSE-KMS, naming it', async () => {
    const plain: RowInput = { key: 'plain.csv', versionId: 'vplain', lastModified: d('2026-01-12T00:00:00Z'), encryption: 'SSE-S3' };
    const { evidence, label } = await prove({ rows: [...ROWS, plain] });
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.byKey.get(KEY_A)).toMatchObject({
      problems: ['NOT_SSE_KMS_IN_WINDOW'],
      blockers: [expect.objectContaining({ versionId: 'vplain', reasons: ['unattributed'], code: 'NOT_SSE_KMS' })],
    });
  });

  it('refuses when a row does not parse', async () => {
    const bad: RowInput = { key: 'bad.csv', versionId: 'vbad', lastModified: d('2026-01-12T00:00:00Z'), lockMode: 'FOREVER' };
    const { evidence, label } = await prove({ rows: [...ROWS, bad] });
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.shared).toEqual([expect.objectContaining({ versionId: 'vbad', reasons: ['unreadable'], code: 'INVENTORY_ROW_INVALID' })]);
  });

  it.each([
    { name: 'not in the ledger', keyIds: ['1234abcd-12ab-34cd-56ef-1234567890dd'], problem: 'KEY_NOT_IN_LEDGER' },
    { name: 'the newest (its window is still open)', keyIds: [KEY_C], problem: 'WINDOW_OPEN' },
  ])('is incomplete for a key $name', async ({ keyIds, problem }) => {
    const { evidence, label } = await prove({ keyIds });
    expect(label).toBe('refuse:evidence-incomplete');
    expect(evidence.byKey.get(keyIds[0] as string)?.problems).toEqual([problem]);
  });

  describe('versions written around an activation', () => {
    const around = (versionId: string): RowInput => ({ key: `edge/${versionId}.csv`, versionId, lastModified: d('2026-02-01T00:02:00Z'), size: 3 });
    const heads = (byVersion: Record<string, HeadOutcome>) => async (v: { versionId: string }) => byVersion[v.versionId] as HeadOutcome;

    it('are attributed by HeadObject: to the key asked about, or to the other', async () => {
      // Act
      const { evidence, label } = await prove({
        rows: [...ROWS, around('e1'), around('e2')],
        resolve: heads({
          e1: { kind: 'head', sseKey: arn(KEY_A), size: 3, legalHold: false },
          e2: { kind: 'head', sseKey: KEY_B, size: 3, legalHold: false },
        }),
      });
      // Assess
      expect(label).toBe('shred');
      expect(evidence.byKey.get(KEY_A)?.covered.map((v) => v.versionId)).toEqual(['va1', 'va2', 'e1']);
      expect(evidence).toMatchObject({ versionsOfOtherKeys: 2, inventory: { versionsResolvedByHead: 2 } });
    });

    it('block on a legal hold HeadObject shows even when the inventory does not', async () => {
      const { evidence, label } = await prove({
        rows: [...ROWS, around('e1')],
        resolve: heads({ e1: { kind: 'head', sseKey: KEY_A, size: 3, legalHold: true } }),
      });
      expect(label).toBe('refuse:legal-hold');
      expect(blockersOf(evidence, KEY_A)).toEqual([expect.objectContaining({ versionId: 'e1', reasons: ['legal-hold'] })]);
    });

    it.each([
      { name: 'HeadObject fails', outcome: { kind: 'failed', code: 'S3_ACCESS_DENIED' } as HeadOutcome, reasons: ['unreadable'] },
      { name: 'the key is an alias', outcome: { kind: 'head', sseKey: 'alias/x', size: 3, legalHold: false } as HeadOutcome, reasons: ['unattributed'] },
    ])('refuse when $name', async ({ outcome, reasons }) => {
      const { evidence, label } = await prove({ rows: [...ROWS, around('e1')], resolve: heads({ e1: outcome }) });
      expect(label).toBe('refuse:evidence-incomplete');
      expect(evidence.shared).toEqual([expect.objectContaining({ versionId: 'e1', reasons })]);
    });

    it('make the evidence incomplete beyond maxBoundaryVersions, without any HeadObject', async () => {
      const { evidence, label } = await prove({ rows: [...ROWS, around('e1'), around('e2')], options: { maxBoundaryVersions: 1 } });
      expect(label).toBe('refuse:evidence-incomplete');
      expect(evidence.inventory?.problems.map((p) => p.code)).toEqual(['TOO_MANY_BOUNDARY_VERSIONS']);
    });
  });

  it('streams large files: every row of many gzip chunks is read once', async () => {
    // Prepare: 30,000 versions, two files of several hundred kilobytes of CSV each
    const many: RowInput[] = Array.from({ length: 30_000 }, (_, i) => ({
      key: `bulk/${i} Sample Person.csv`,
      versionId: `vbulk${i}`,
      lastModified: d('2026-01-15T00:00:00Z'),
      size: i,
    }));
    // Act
    const { evidence, label } = await prove({ rows: many });
    // Assess
    expect(label).toBe('shred');
    const covered = evidence.byKey.get(KEY_A)?.covered ?? [];
    expect(covered.length).toBe(30_000);
    expect(new Set(covered.map((v) => v.versionId)).size).toBe(30_000);
    expect(covered.reduce((n, v) => n + v.size, 0)).toBe((29_999 * 30_000) / 2);
  });

  it('reads the newest delivery', async () => {
    // Prepare: yesterday's delivery has a retained version that was deleted since (not in today's)
    const old = buildDelivery({
      sourceBucket: VAULT_BUCKET,
      destinationBucket: INVENTORY_BUCKET,
      createdAt: d('2026-05-31T01:00:00Z'),
      rows: [...ROWS, { key: 'x', versionId: 'vx', lastModified: d('2026-01-05T00:00:00Z'), legalHold: true }],
    });
    const today = buildDelivery({ sourceBucket: VAULT_BUCKET, destinationBucket: INVENTORY_BUCKET, createdAt: CREATED, rows: ROWS });
    // Act
    const evidence = await inventoryEvidence(
      { store: memoryStore(INVENTORY_BUCKET, old, today), ledger: LEDGER, resolve: noHead },
      { vaultBucket: VAULT_BUCKET },
      [KEY_A],
      NOW,
    );
    // Assess
    expect(evidence.inventory?.manifestKey).toBe(`s3://${INVENTORY_BUCKET}/${today.manifestKey}`);
    expect(decide({ ...FACTS, evidence: evidenceCounts(evidence, KEY_A) }).outcome).toBe('shred');
  });
});

describe('keyWindows', () => {
  it('spans each key from its planned start (less the margin) to the next activation plus the margin', () => {
    const m = 60 * 60_000;
    expect(keyWindows(LEDGER, m)).toEqual([
      { keyId: KEY_A, epoch: '2026-01', start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2026-02-01T01:05:00Z') },
      { keyId: KEY_B, epoch: '2026-02', start: Date.parse('2026-01-31T23:00:00Z'), end: Date.parse('2026-03-01T01:05:00Z') },
      { keyId: KEY_C, epoch: '2026-03', start: Date.parse('2026-02-28T23:00:00Z'), end: Number.POSITIVE_INFINITY },
    ]);
  });

  it('leaves a window open while the next epoch has not been activated', () => {
    const ledger = [LEDGER[0] as LedgerEntry, { ...(LEDGER[1] as LedgerEntry), activatedAt: null }];
    expect(keyWindows(ledger, 0)[0]?.end).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the inventory CSV', () => {
  it.each([
    ['"a","b","c"', ['a', 'b', 'c']],
    ['"a,b","",""', ['a,b', '', '']],
    ['"say ""hi""","x"', ['say "hi"', 'x']],
    ['a,,c', ['a', '', 'c']],
    ['"a",', ['a', '']],
    ['"unterminated', undefined],
    ['"a"b', undefined],
    ['a"b', undefined],
  ])('splits %j', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it.each([
    ['customers/Sample+Person.csv', 'customers/Sample Person.csv'],
    ['a%2Bb.csv', 'a+b.csv'],
    ['%E5%AE%A2%E6%88%B7%2F1.csv', '客户/1.csv'],
    ['bad%E5', undefined],
  ])('decodes the key %j', (raw, key) => {
    expect(decodeInventoryKey(raw)).toBe(key);
  });

  it.each(['plain.csv', 'Sample Person+1 (copy).csv', '客户 名单/a%b.csv'])('round-trips %j through the encoding the fixtures use', (key) => {
    expect(decodeInventoryKey(encodeInventoryKey(key))).toBe(key);
  });

  it.each([
    [['', '', ''], { legalHold: false }],
    [['GOVERNANCE', '2026-04-01T00:00:00.000Z', 'OFF'], { lockMode: 'GOVERNANCE', retainUntil: '2026-04-01T00:00:00.000Z', legalHold: false }],
    [['Compliance', '2026-04-01T00:00:00Z', 'On'], { lockMode: 'COMPLIANCE', retainUntil: '2026-04-01T00:00:00.000Z', legalHold: true }],
    [['FOREVER', '', ''], undefined],
    [['', 'soon', ''], undefined],
    [['', '', 'MAYBE'], undefined],
  ])('reads the lock fields %j', ([mode, until, hold], lock) => {
    expect(parseLockFields(mode as string, until as string, hold as string)).toEqual(lock);
  });
});

describe('configuration', () => {
  it('finds the inventory where lib/vault-bucket.ts delivers it, with the fields the proof needs', () => {
    expect(INVENTORY_CONFIG_ID).toBe(INVENTORY_ID);
    expect(DEFAULT_INVENTORY_PREFIX).toBe(INVENTORY_PREFIX);
    const base = ['Bucket', 'Key', 'VersionId', 'IsDeleteMarker'];
    expect(REQUIRED_INVENTORY_COLUMNS.filter((c) => !base.includes(c)).every((c) => (INVENTORY_FIELDS as readonly string[]).includes(c))).toBe(true);
  });

  const ENV = {
    SHREDLOCK_VAULT_NAME: 'acme',
    SHREDLOCK_VAULT_BUCKET: 'acme-vault',
    SHREDLOCK_RECORDS_BUCKET: 'acme-records',
  };

  it('reads the inventory location from the environment and from flags', () => {
    expect(vaultConfigFromEnv({ ...ENV, SHREDLOCK_INVENTORY_BUCKET: 'acme-inventory', SHREDLOCK_INVENTORY_PREFIX: 'vault' })).toMatchObject({
      inventoryBucket: 'acme-inventory',
      inventoryPrefix: 'vault',
    });
    expect(vaultConfigFromFlags({ vault: 'acme', vaultBucket: 'acme-vault', recordsBucket: 'acme-records', inventoryBucket: 'acme-inventory' })).toMatchObject({
      inventoryBucket: 'acme-inventory',
    });
    expect(vaultConfigFromEnv(ENV).inventoryBucket).toBeUndefined();
  });

  it.each([
    [{ SHREDLOCK_INVENTORY_PREFIX: 'vault' }, 'SHREDLOCK_INVENTORY_PREFIX="vault": only together with the inventory bucket'],
    [{ SHREDLOCK_INVENTORY_BUCKET: 'Bad_Bucket' }, 'SHREDLOCK_INVENTORY_BUCKET="Bad_Bucket": an S3 bucket name'],
  ])('names a bad inventory setting: %j', (env, issue) => {
    let issues: readonly string[] = [];
    try {
      vaultConfigFromEnv({ ...ENV, ...env });
    } catch (error) {
      if (!(error instanceof VaultConfigError)) throw error;
      issues = error.issues;
    }
    expect(issues).toEqual([issue]);
  });
});

function writeManifestBytes(dl: Delivery, bytes: Buffer): void {
  dl.objects.set(dl.manifestKey, bytes);
  dl.objects.set(dl.checksumKey, Buffer.from(createHash('md5').update(bytes).digest('hex')));
}
