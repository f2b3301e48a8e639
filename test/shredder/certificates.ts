/** Destruction certificates as the shredder writes them, for its tests and those of their readers (reports, audit). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkCertificate, closingRecord, type Certificate, type ClosingRecord } from '../../lambdas/shredder/certificate.js';
import { MANIFEST_FORMAT, buildManifest, type Manifest } from '../../lambdas/shredder/manifest.js';
import { certificateKeys, certificatePrefix } from '../../contract/naming.js';
import { recordJson } from '../../lambdas/vault/records.js';

/** What a test names of a certificate; everything else is a plausible run's. */
export interface CertificateSubject {
  readonly vault: string;
  readonly epoch: string;
  readonly keyId: string;
  /** @default `arn:aws:kms:us-east-1:123456789012:key/<keyId>` */
  readonly keyArn?: string;
  /** The versions it covers. @default an empty manifest */
  readonly manifest?: Manifest;
  /** Bucket of the manifest it cites. @default `<vault>-records` */
  readonly recordsBucket?: string;
}

/**
 * A certificate of `subject` that the shredder's schema accepts (checked as writeCertificate
 * checks it); `fields` replaces top-level fields.
 */
export function destructionCertificate(subject: CertificateSubject, fields: Partial<Certificate> = {}): Certificate {
  const { vault, epoch, keyId } = subject;
  const manifest = subject.manifest ?? buildManifest([]);
  const records = subject.recordsBucket ?? `${vault}-records`;
  const keys = certificateKeys(vault, epoch, keyId);
  return checkCertificate(
    {
      type: 'shredlock.destruction-certificate',
      version: 1,
      vault,
      vaultBucket: `${vault}-vault`,
      epoch,
      epochMonths: 1,
      keyId,
      keyArn: subject.keyArn ?? `arn:aws:kms:us-east-1:123456789012:key/${keyId}`,
      aliasName: `alias/shredlock/${vault}/epoch/${epoch}`,
      shredNotBefore: '2026-01-01',
      objects: { count: manifest.count, bytes: manifest.bytes, manifestSha256: manifest.sha256, manifestKey: `s3://${records}/${keys.manifest}`, manifestFormat: MANIFEST_FORMAT },
      retentionEvidence: {
        method: 'list-and-head',
        checkedAt: '2026-01-02T00:00:00.000Z',
        versionsListed: manifest.count,
        deleteMarkers: 0,
        versionsOfOtherKeys: 0,
        versionsWithoutKms: 0,
        versionsVanished: 0,
        retained: 0,
        legalHolds: 0,
        unreadable: 0,
        latestRetainUntil: null,
        lockModes: { GOVERNANCE: manifest.count },
      },
      approval: { required: true, approvedBy: 'arn:aws:iam::123456789012:role/approver', approvedAt: '2026-01-01T12:00:00.000Z' },
      shredder: { principalArn: `arn:aws:iam::123456789012:role/shredlock/${vault}-shredder` },
      keyStateBefore: 'Enabled',
      decidedAt: '2026-01-02T00:00:00.000Z',
      disabledAt: '2026-01-02T00:00:00.000Z',
      scheduledAt: '2026-01-02T00:00:00.000Z',
      deletionDate: '2026-01-09T00:00:00.000Z',
      pendingWindowDays: 7,
      clock: 'system',
      requestIds: { disableKey: 'r1', scheduleKeyDeletion: 'r2', describeKey: 'r3' },
      ...fields,
    },
    `s3://${records}/${keys.certificate}`,
  );
}

/** The completion or cancellation record of `certificate`, as a later shredder run writes it. */
export function closingFor(certificate: Certificate, kind: 'completion' | 'cancellation', recordsBucket = `${certificate.vault}-records`): ClosingRecord {
  return closingRecord(certificate, recordsBucket, {
    kind,
    keyState: kind === 'completion' ? 'missing' : 'Disabled',
    observedAt: new Date('2026-01-10T00:00:00Z'),
    clock: 'system',
  });
}

/**
 * Writes `records` under `dir` as a copy of the records bucket's `certificates/<vault>/` holds them
 * (`<epoch>/<key-id>.json`, `.completion.json`, `.cancellation.json`); returns the files.
 */
export async function writeRecordFiles(dir: string, records: readonly (Certificate | ClosingRecord)[]): Promise<string[]> {
  const files: string[] = [];
  for (const record of records) {
    const keys = certificateKeys(record.vault, record.epoch, record.keyId);
    const key =
      record.type === 'shredlock.destruction-completion' ? keys.completion : record.type === 'shredlock.destruction-cancellation' ? keys.cancellation : keys.certificate;
    const file = join(dir, key.slice(certificatePrefix(record.vault).length));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, recordJson(record));
    files.push(file);
  }
  return files;
}
