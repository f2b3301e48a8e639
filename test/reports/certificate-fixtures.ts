/** Destruction certificates, manifests and closing records as the shredder writes them. */
import { checkCertificate, closingRecord, type Certificate, type ClosingRecord } from '../../lambdas/shredder/certificate.js';
import { MANIFEST_FORMAT, buildManifest, type Manifest } from '../../lambdas/shredder/manifest.js';
import { certificateKeys } from '../../lambdas/vault/naming.js';

export const RECORDS = 'acme-records-certs';
export const VAULT = 'acme';

/** A manifest of `n` versions, one with a key that needs escaping. */
export function manifestOf(n: number, seed = 'k'): Manifest {
  return buildManifest(
    Array.from({ length: n }, (_, i) => ({ key: i === 0 ? `客户\t${seed}\\${i}.csv` : `${seed}/${i}.csv`, versionId: `v${i}`, etag: `"etag${i}"`, size: 100 + i })),
  );
}

/** A certificate for `keyId` in `epoch`, citing `manifest`. */
export function certificateFor(keyId: string, epoch: string, manifest: Manifest): Certificate {
  const keys = certificateKeys(VAULT, epoch, keyId);
  return checkCertificate(
    {
      type: 'shredlock.destruction-certificate',
      version: 1,
      vault: VAULT,
      vaultBucket: 'acme-vault',
      epoch,
      epochMonths: 1,
      keyId,
      keyArn: `arn:aws:kms:us-east-1:123456789012:key/${keyId}`,
      aliasName: `alias/shredlock/${VAULT}/epoch/${epoch}`,
      shredNotBefore: '2026-01-01',
      objects: { count: manifest.count, bytes: manifest.bytes, manifestSha256: manifest.sha256, manifestKey: `s3://${RECORDS}/${keys.manifest}`, manifestFormat: MANIFEST_FORMAT },
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
      shredder: { principalArn: 'arn:aws:iam::123456789012:role/shredlock/acme-shredder' },
      keyStateBefore: 'Enabled',
      decidedAt: '2026-01-02T00:00:00.000Z',
      disabledAt: '2026-01-02T00:00:00.000Z',
      scheduledAt: '2026-01-02T00:00:00.000Z',
      deletionDate: '2026-01-09T00:00:00.000Z',
      pendingWindowDays: 7,
      clock: 'system',
      requestIds: { disableKey: 'r1', scheduleKeyDeletion: 'r2', describeKey: 'r3' },
    },
    `s3://${RECORDS}/${keys.certificate}`,
  );
}

/** The completion or cancellation of `certificate`. */
export function closing(certificate: Certificate, kind: 'completion' | 'cancellation'): ClosingRecord {
  return closingRecord(certificate, RECORDS, {
    kind,
    keyState: kind === 'completion' ? 'missing' : 'Disabled',
    observedAt: new Date('2026-01-10T00:00:00Z'),
    clock: 'system',
  });
}

/** A record's JSON text as the shredder writes it. */
export function text(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
