import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCertificates, parseCertificate } from '../../lambdas/audit/certificates.js';
import { isAuditError } from '../../lambdas/audit/errors.js';
import { LocalTrailStore } from '../../lambdas/audit/local-store.js';
import { sensitivityIndex } from '../../lambdas/audit/sensitivity.js';
import { analyzeTrail, type TrailOptions } from '../../lambdas/audit/trail.js';
import type { TrailReport } from '../../lambdas/audit/trail-report.js';
import { closingFor, destructionCertificate, writeRecordFiles } from '../shredder/certificates.js';
import {
  MALLORY_ARN,
  ROLE_ARN,
  USER_ARN,
  VAULT,
  assumedRole,
  iamUser,
  keyArn,
  kmsCall,
  kmsDeleteKey,
  s3BucketEvent,
  s3ObjectEvent,
} from './events.js';
import { OUT, TrailBuilder, at, signingKey } from './fixtures.js';

const KEY_CERTIFIED = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_UNCERTIFIED = '2234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_KEPT = '3234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_CANCELLED = '4234abcd-12ab-34cd-56ef-1234567890ab';
/** The epoch of the test keys' certificates. */
const EPOCH = '2025-02';
const certificateOf = (keyId: string, scheduledAt = '2025-03-01T01:01:00Z') =>
  destructionCertificate({ vault: VAULT, epoch: EPOCH, keyId, keyArn: keyArn(keyId) }, { scheduledAt });

const dir = join(OUT, 'trail');
const scanner = assumedRole(ROLE_ARN);
const alice = iamUser(USER_ARN);
const mallory = iamUser(MALLORY_ARN);
const duplicate = s3ObjectEvent('GetObject', at(0, 12), scanner, 'customers/ids.csv', { versionId: 'v1' });
let options: TrailOptions;

beforeAll(async () => {
  const b = await new TrailBuilder(join(dir, 'logs'), signingKey()).reset();
  await b.log(at(0, 30), [
    duplicate,
    s3ObjectEvent('GetObject', at(0, 20), mallory, 'customers/ids.csv', { versionId: 'v1' }),
    s3ObjectEvent('GetObject', at(0, 21), mallory, 'readme.txt'),
    s3ObjectEvent('GetObject', at(0, 22), alice, 'scans/customers/broken.xlsx'),
    kmsCall('CreateKey', at(0, 1), alice, KEY_CERTIFIED),
    kmsCall('CreateKey', at(0, 2), alice, KEY_KEPT),
    kmsCall('DisableKey', at(0, 3), alice, KEY_KEPT),
  ]);
  await b.log(at(1, 30), [
    duplicate,
    kmsCall('ScheduleKeyDeletion', at(1, 1), alice, KEY_CERTIFIED),
    kmsCall('ScheduleKeyDeletion', at(1, 2), mallory, KEY_UNCERTIFIED),
    kmsCall('ScheduleKeyDeletion', at(1, 3), alice, KEY_CANCELLED),
    kmsCall('CancelKeyDeletion', at(1, 4), alice, KEY_CANCELLED),
    kmsCall('ScheduleKeyDeletion', at(1, 5), mallory, KEY_KEPT, 'AccessDeniedException'),
    s3BucketEvent('PutBucketPolicy', at(1, 10), alice),
    s3BucketEvent('PutObjectLockConfiguration', at(1, 11), mallory, VAULT, 'AccessDenied'),
    s3ObjectEvent('PutObjectLegalHold', at(1, 12), alice, 'customers/ids.csv', { versionId: 'v1' }),
    s3ObjectEvent('PutObjectRetention', at(1, 13), mallory, 'customers/ids.csv', {
      versionId: 'v1',
      params: { 'x-amz-bypass-governance-retention': 'true', retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2025-03-02T00:00:00Z' } },
    }),
    s3ObjectEvent('DeleteObject', at(1, 14), mallory, 'customers/old.csv', { versionId: 'v9', params: { 'x-amz-bypass-governance-retention': 'true' }, errorCode: 'AccessDenied' }),
  ]);
  await b.log(at(9, 30), [kmsDeleteKey(at(8, 0), KEY_CERTIFIED), kmsDeleteKey(at(8, 1), KEY_UNCERTIFIED)]);
  await b.log(at(10, 0), [s3ObjectEvent('DeleteObject', at(9, 59), alice, 'customers/gone.csv', { params: { BypassGovernanceRetention: ['True'] } })]);

  // As the shredder wrote them: the certified key's certificate and completion; only a cancellation
  // record of the cancelled key (it names the key, but is no certificate).
  await rm(join(dir, 'certificates'), { recursive: true, force: true });
  const certified = certificateOf(KEY_CERTIFIED);
  await writeRecordFiles(join(dir, 'certificates'), [certified, closingFor(certified, 'completion'), closingFor(certificateOf(KEY_CANCELLED), 'cancellation')]);
  options = {
    sensitivity: sensitivityIndex(
      {
        source: 'vault-export',
        objects: [
          { key: 'customers/ids.csv', sensitivity: 'confidential' },
          { key: 'readme.txt', sensitivity: 'public' },
          { key: 'customers/broken.xlsx', sensitivity: 'failed' },
        ],
      },
      'scan.json',
    ),
    expectedPrincipals: [ROLE_ARN, USER_ARN],
    certificates: await loadCertificates(join(dir, 'certificates')),
  };
});

const analyze = (extra: TrailOptions = {}): Promise<TrailReport> =>
  analyzeTrail(new LocalTrailStore(join(dir, 'logs')), { ...options, ...extra });

describe('analyzeTrail: reads of confidential objects', () => {
  it('flags a planted read of a confidential object by an unexpected principal', async () => {
    const report = await analyze();
    const [first, ...rest] = report.confidentialReads.principals;
    expect(first).toMatchObject({ principal: MALLORY_ARN, expected: false, flagged: true });
    expect(first.reads).toEqual([{ time: '2025-03-01T00:20:00Z', bucket: VAULT, key: 'customers/ids.csv', versionId: 'v1', sensitivity: 'confidential' }]);
    expect(report.flags).toContainEqual(expect.objectContaining({ kind: 'UNEXPECTED_READER', subject: MALLORY_ARN }));
    // The scanner's session matches by its role; Alice read an object whose scan failed (listed, expected).
    expect(rest.map((p) => [p.principal, p.expected, p.reads[0].sensitivity])).toEqual([
      [USER_ARN, true, 'failed'],
      [expect.stringContaining('assumed-role/shredlock-scanner/'), true, 'confidential'],
    ]);
    expect(report.confidentialReads.otherReads).toBe(1);
  });

  it('counts an event delivered twice once', async () => {
    const report = await analyze();
    const scannerReads = report.confidentialReads.principals.find((p) => p.issuer === ROLE_ARN)?.reads;
    expect(scannerReads).toHaveLength(1);
  });

  it('lists every read as unknown without a scan report, and flags nobody without an expected list', async () => {
    const report = await analyzeTrail(new LocalTrailStore(join(dir, 'logs')), {});
    const reads = report.confidentialReads.principals.flatMap((p) => p.reads);
    expect(reads).toHaveLength(4);
    expect(new Set(reads.map((r) => r.sensitivity))).toEqual(new Set(['unknown']));
    expect(report.flags.filter((f) => f.kind === 'UNEXPECTED_READER')).toEqual([]);
  });
});

describe('analyzeTrail: key lifecycle', () => {
  it('flags a key scheduled and deleted without a certificate, not the one with a certificate', async () => {
    const report = await analyze();
    const byKey = Object.fromEntries(report.keys.map((k) => [k.key, k]));
    expect(byKey[keyArn(KEY_UNCERTIFIED)]).toMatchObject({ state: 'deleted', flagged: true });
    expect(byKey[keyArn(KEY_UNCERTIFIED)].events.map((e) => [e.event, e.principal])).toEqual([
      ['ScheduleKeyDeletion', MALLORY_ARN],
      ['DeleteKey', 'service:AWS Internal'],
    ]);
    expect(byKey[keyArn(KEY_CERTIFIED)]).toMatchObject({
      state: 'deleted',
      flagged: false,
      certificate: { vault: VAULT, scheduledAt: '2025-03-01T01:01:00Z' },
    });
    expect(byKey[keyArn(KEY_CERTIFIED)].events[1]).toMatchObject({ event: 'ScheduleKeyDeletion', pendingWindowInDays: 7, deletionDate: expect.any(String) });
    expect(byKey[keyArn(KEY_KEPT)]).toMatchObject({ state: 'disabled', flagged: false });
    expect(byKey[keyArn(KEY_CANCELLED)]).toMatchObject({ state: 'disabled', flagged: true });
    expect(report.flags.filter((f) => f.kind === 'DELETION_WITHOUT_CERTIFICATE').map((f) => f.subject).sort()).toEqual(
      [keyArn(KEY_UNCERTIFIED), keyArn(KEY_CANCELLED)].sort(),
    );
  });
});

describe('analyzeTrail: protection changes and denied requests', () => {
  it('flags governance bypasses and lists the other protection changes', async () => {
    const report = await analyze();
    expect(report.protectionChanges.map((c) => [c.event, c.bypassGovernance])).toEqual([
      ['PutBucketPolicy', false],
      ['PutObjectLegalHold', false],
      ['PutObjectRetention', true],
      ['DeleteObject', true],
    ]);
    expect(report.flags.filter((f) => f.kind === 'GOVERNANCE_BYPASS').map((f) => f.subject)).toEqual([
      `${VAULT}/customers/ids.csv`,
      `${VAULT}/customers/gone.csv`,
    ]);
  });

  it('lists denied requests: who tried what', async () => {
    const report = await analyze();
    expect(report.denied.map((d) => [d.principal, d.event, d.errorCode, d.target, d.bypassGovernance])).toEqual([
      [MALLORY_ARN, 'ScheduleKeyDeletion', 'AccessDeniedException', keyArn(KEY_KEPT), false],
      [MALLORY_ARN, 'PutObjectLockConfiguration', 'AccessDenied', VAULT, false],
      [MALLORY_ARN, 'DeleteObject', 'AccessDenied', `${VAULT}/customers/old.csv`, true],
    ]);
  });

  it('copies nothing of a record beyond the listed fields', async () => {
    const text = JSON.stringify(await analyze());
    for (const leaked of ['192.0.2.0', 'aws-cli', 'AKIAIOSFODNN7EXAMPLE', 'RetainUntilDate', 'Access Denied']) expect(text).not.toContain(leaked);
  });
});

describe('analyzeTrail: time range', () => {
  it('keeps only events between --from and --to', async () => {
    const report = await analyze({ range: { from: at(1, 0), to: at(2, 0) } });
    expect(report.confidentialReads.principals).toEqual([]);
    expect(report.keys.map((k) => k.events.map((e) => e.event))).toEqual(
      expect.arrayContaining([['ScheduleKeyDeletion'], ['ScheduleKeyDeletion', 'CancelKeyDeletion']]),
    );
    expect(report.keys.every((k) => k.events.every((e) => e.event !== 'DeleteKey'))).toBe(true);
    expect(report.protectionChanges).toHaveLength(3);
    const after = await analyze({ range: { from: at(9, 0) } });
    expect(after.keys.map((k) => k.events.map((e) => e.event))).toEqual([]);
    expect(after.protectionChanges.map((c) => c.key)).toEqual(['customers/gone.csv']);
  });
});

describe('analyzeTrail: unreadable input', () => {
  it('flags a log file it cannot read instead of skipping it', async () => {
    const b = await new TrailBuilder(join(dir, 'broken'), signingKey()).reset();
    const log = await b.log(at(0, 30), []);
    await writeFile(b.path(log.key), 'not gzip');
    const report = await analyzeTrail(new LocalTrailStore(b.dir));
    expect(report.flags).toEqual([{ kind: 'UNREADABLE_LOG', subject: log.key, detail: 'not gzip-compressed JSON' }]);
  });
});

describe('inputs: certificates and scan reports', () => {
  it('reads the certificates the shredder wrote, in subfolders, and not their closing records', async () => {
    const certificates = await loadCertificates(join(dir, 'certificates'));
    expect(certificates.map((c) => [c.keyArn, c.file])).toEqual([[keyArn(KEY_CERTIFIED), join(dir, 'certificates', EPOCH, `${KEY_CERTIFIED}.json`)]]);
  });

  const kept = certificateOf(KEY_KEPT);
  it.each([
    [{ keyArn: keyArn(KEY_KEPT), vault: VAULT, scheduledAt: '2025-03-01T00:00:00Z' }, 'type'],
    [{ ...kept, keyArn: undefined }, 'keyArn'],
    [{ ...kept, keyArn: 'not-an-arn' }, 'keyArn'],
    [{ ...kept, scheduledAt: 'yesterday' }, 'scheduledAt'],
  ])('rejects a certificate naming the file and field: %j', (raw, field) => {
    try {
      parseCertificate(raw, 'cert.json');
      expect.unreachable();
    } catch (error) {
      expect(isAuditError(error) && error.code).toBe('CERTIFICATE_INVALID');
      expect((error as Error).message).toMatch(new RegExp(`^cert\\.json: .*${field}`));
    }
  });

  it('matches report keys under the bucket and prefix of an s3:// scan source', () => {
    const index = sensitivityIndex({ source: `s3://${VAULT}/exports`, objects: [{ key: '2024/a.csv', sensitivity: 'confidential' }] }, 'scan.json');
    expect(index.lookup(VAULT, 'exports/2024/a.csv')).toBe('confidential');
    expect(index.lookup(VAULT, '2024/a.csv')).toBeUndefined();
    expect(index.lookup('other-bucket', 'exports/2024/a.csv')).toBeUndefined();
  });

  it('rejects a file that is not a scan report', () => {
    expect(() => sensitivityIndex({ objects: [{ key: 'a', sensitivity: 'secret' }] }, 'scan.json')).toThrow(/scan\.json: not a shredlock scan JSON report/);
  });
});
