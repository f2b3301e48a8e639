import { describe, expect, it } from 'vitest';
import { assessCertificate, parseManifest, sha256, type CertificateRecords, type KeyObservation } from '../../lambdas/reports/certificates.js';
import { recordJson as text } from '../../lambdas/vault/records.js';
import { VAULT, certificateFor, closing, manifestOf } from './certificate-fixtures.js';

const manifest = manifestOf(3);
const cert = certificateFor('key-1', '2025-12', manifest);

function records(fields: Partial<CertificateRecords> = {}): CertificateRecords {
  return { vault: VAULT, epoch: '2025-12', keyId: 'key-1', certificateUrl: 's3://r/certificates/acme/2025-12/key-1.json', certificate: text(cert), ...fields };
}

const GONE: KeyObservation = { state: 'missing' };
const PENDING: KeyObservation = { state: 'PendingDeletion', deletionDate: '2026-01-09T00:00:00.000Z' };
const DISABLED: KeyObservation = { state: 'Disabled' };

describe('parseManifest', () => {
  it('counts the lines of a canonical manifest, escapes and all', () => {
    expect(parseManifest(manifest.text)).toEqual({ lines: 3 });
    expect(parseManifest('')).toEqual({ lines: 0 });
  });

  it.each([
    ['a missing newline', manifest.text.slice(0, -1), 'does not end with a newline'],
    ['a line with two fields', 'k\tv\n', 'line 1: not <key>\\t<versionId>\\t<etag>'],
    ['unsorted lines', 'b\tv\te\na\tv\te\n', 'not in canonical form'],
    ['a quoted ETag', 'a\tv\t"e"\n', 'not in canonical form'],
  ])('refuses %s', (_name, body, error) => {
    expect(parseManifest(body)).toEqual({ error: expect.stringContaining(error) });
  });
});

describe('assessCertificate', () => {
  it.each<[string, Partial<CertificateRecords>, KeyObservation, string, string[]]>([
    ['a completed destruction', { completion: text(closing(cert, 'completion')) }, GONE, 'destroyed', []],
    ['a key gone before the next shredder run recorded it', {}, GONE, 'deleted-unrecorded', []],
    ['a key pending deletion', {}, PENDING, 'scheduled', []],
    ['a recorded cancellation', { cancellation: text(closing(cert, 'cancellation')) }, DISABLED, 'cancelled', []],
    ['a cancellation nobody recorded', {}, { state: 'Enabled' }, 'cancelled-unrecorded', ['DELETION_CANCELLED_UNRECORDED']],
    ['a completion while the key still exists', { completion: text(closing(cert, 'completion')) }, DISABLED, 'cancelled-unrecorded', ['CLOSING_RECORD_CONTRADICTS_KEY']],
    ['both closing records', { completion: text(closing(cert, 'completion')), cancellation: text(closing(cert, 'cancellation')) }, GONE, 'unknown', ['CLOSING_RECORDS_CONFLICT']],
    ['an unreadable key state', {}, { state: 'unreadable', error: 'KMS_ACCESS_DENIED' }, 'unknown', ['KEY_STATE_UNREADABLE']],
    ['a closing record of another key', { completion: text({ ...closing(cert, 'completion'), keyArn: 'arn:aws:kms:us-east-1:123456789012:key/other' }) }, GONE, 'destroyed', ['CLOSING_RECORD_MISMATCH']],
    ['an invalid certificate', { certificate: text({ ...cert, objects: { ...cert.objects, manifestSha256: 'nope' } }) }, PENDING, 'scheduled', ['CERTIFICATE_INVALID']],
    ['a manifest without its certificate', { certificate: undefined }, PENDING, 'no-certificate', ['CERTIFICATE_MISSING']],
  ])('%s', (_name, fields, key, status, codes) => {
    const a = assessCertificate(records(fields), key);
    expect(a.status).toBe(status);
    expect(a.problems.map((p) => p.code)).toEqual(codes);
  });

  it('recomputes the manifest hash and count from the manifest text', () => {
    const ok = assessCertificate(records({ manifest: manifest.text }), PENDING);
    expect(ok.problems).toEqual([]);
    expect(ok.manifest).toEqual({ cited: cert.objects.manifestKey, recordedSha256: manifest.sha256, recomputedSha256: manifest.sha256, lines: 3 });
    expect(ok).toMatchObject({ keyArn: cert.keyArn, objects: { count: 3, bytes: manifest.bytes }, closing: 'none', closedAt: null });
  });

  it.each<[string, string | null, string[]]>([
    ['a tampered manifest', manifestOf(3, 'x').text, ['MANIFEST_HASH_MISMATCH']],
    ['a manifest with a version left out', manifestOf(2).text, ['MANIFEST_HASH_MISMATCH', 'MANIFEST_COUNT_MISMATCH']],
    ['a missing manifest', null, ['MANIFEST_MISSING']],
    ['a manifest re-sorted', `${manifest.text.split('\n').slice(0, -1).reverse().join('\n')}\n`, ['MANIFEST_MALFORMED', 'MANIFEST_HASH_MISMATCH']],
  ])('reports %s', (_name, body, codes) => {
    const a = assessCertificate(records({ manifest: body }), PENDING);
    expect(a.problems.map((p) => p.code)).toEqual(codes);
    if (body !== null) expect(a.manifest.recomputedSha256).toBe(sha256(body));
  });
});

describe('clock overrides', () => {
  it('flags a certificate made on an overridden clock (a drill), and not one on the system clock', () => {
    const drilled = assessCertificate(records({ certificate: text({ ...cert, clock: 'override' }) }), PENDING);
    expect(drilled.problems.map((p) => p.code)).toContain('CLOCK_OVERRIDDEN');
    expect(assessCertificate(records(), PENDING).problems.map((p) => p.code)).not.toContain('CLOCK_OVERRIDDEN');
  });
});
