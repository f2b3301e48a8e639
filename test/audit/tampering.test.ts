/**
 * The cases of the table in docs/auditors.md, "What `audit verify` reports": each tampering of a small signed
 * trail is reported on the right file with the right status, and no log file is ever called valid
 * unless a digest whose signature verified lists it with the same hash.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTrailStore } from '../../lambdas/audit/local-store.js';
import { parsePublicKeys, type TrailPublicKey } from '../../lambdas/audit/public-keys.js';
import { SIGNATURE_SIDECAR_SUFFIX } from '../../lambdas/audit/store.js';
import { verifyTrail } from '../../lambdas/audit/verify.js';
import type { LogFileResult, ProblemCode, VerifyReport } from '../../lambdas/audit/verify-report.js';
import { OUT, TrailBuilder, at, fourLogTrail, publicKeysJson, signingKey, type TestSigningKey } from './fixtures.js';
import { USER_ARN, iamUser, s3ObjectEvent } from './events.js';

let key: TestSigningKey;
let other: TestSigningKey;
let keys: TrailPublicKey[];

beforeAll(() => {
  key = signingKey();
  other = signingKey();
  keys = parsePublicKeys(publicKeysJson([key]), 'keys.json');
});

/** Three hourly digests (d0, d1, d2) covering four log files (l0, l1 in d0; l2 in d1; l3 in d2). */
async function trail(name: string): Promise<TrailBuilder> {
  return fourLogTrail(join(OUT, 'tampering', name), key);
}

/** Rewrites log l1 with other content. */
async function alterLog(b: TrailBuilder): Promise<Buffer> {
  const altered = Buffer.from(b.logs[1].content.toString().replace('customers/b.csv', 'customers/x.csv'));
  await writeFile(b.path(b.logs[1].key), gzipSync(altered));
  return altered;
}

/** Re-signs digest d0 with `signer`, listing l1's altered content, under the fingerprint given. */
async function forgeFirstDigest(b: TrailBuilder, signer: TestSigningKey, fingerprint: string): Promise<void> {
  const altered = await alterLog(b);
  const { createHash } = await import('node:crypto');
  const d0 = b.digests[0];
  const logFiles = (d0.json.logFiles as { s3Object: string; hashValue: string }[]).map((l) =>
    l.s3Object === b.logs[1].key ? { ...l, hashValue: createHash('sha256').update(altered).digest('hex') } : l,
  );
  await b.writeDigest(d0.key, { ...d0.json, logFiles, digestPublicKeyFingerprint: fingerprint }, signer);
}

type FileRef = `l${number}` | `d${number}` | 'planted';
interface Case {
  readonly name: string;
  readonly tamper: (b: TrailBuilder) => Promise<unknown>;
  readonly result: VerifyReport['result'];
  /** Every problem, as code and file. */
  readonly problems: readonly (readonly [ProblemCode, FileRef])[];
  /** Status of the files named. */
  readonly logs?: Readonly<Partial<Record<FileRef, LogFileResult['status']>>>;
  readonly digests?: Readonly<Partial<Record<FileRef, 'valid' | 'invalid' | 'missing'>>>;
}

/** Same rows, same words as the table in docs/auditors.md. */
const CASES: readonly Case[] = [
  { name: 'untouched', tamper: async () => undefined, result: 'valid', problems: [], logs: { l0: 'valid', l1: 'valid', l2: 'valid', l3: 'valid' } },
  { name: 'modified log file', tamper: alterLog, result: 'invalid', problems: [['LOG_MODIFIED', 'l1']], logs: { l1: 'modified', l0: 'valid' } },
  { name: 'deleted log file', tamper: (b) => rm(b.path(b.logs[2].key)), result: 'invalid', problems: [['LOG_MISSING', 'l2']], logs: { l2: 'missing' } },
  {
    name: 'extra log file',
    tamper: (b) => b.log(at(1, 40), [s3ObjectEvent('GetObject', at(1, 35), iamUser(USER_ARN), 'planted.csv')]),
    result: 'invalid',
    problems: [['LOG_EXTRA', 'planted']],
    logs: { planted: 'extra' },
  },
  {
    name: 'forged digest (altered log, digest re-signed with another key under the real fingerprint)',
    tamper: (b) => forgeFirstDigest(b, other, key.fingerprint),
    result: 'invalid',
    problems: [['CHAIN_BROKEN', 'd1'], ['LOG_UNVERIFIED', 'l0'], ['LOG_UNVERIFIED', 'l1'], ['SIGNATURE_INVALID', 'd0']],
    logs: { l0: 'unverified', l1: 'unverified', l2: 'valid' },
    digests: { d0: 'invalid', d1: 'invalid', d2: 'valid' },
  },
  {
    name: 'digest signed with the wrong key',
    tamper: async (b) => b.writeDigest(b.digests[2].key, b.digests[2].json, other),
    result: 'invalid',
    problems: [['LOG_UNVERIFIED', 'l3'], ['SIGNATURE_INVALID', 'd2']],
    logs: { l3: 'unverified', l2: 'valid' },
    digests: { d2: 'invalid' },
  },
  {
    name: 'digest signed with an unknown key',
    tamper: (b) => forgeFirstDigest(b, other, other.fingerprint),
    result: 'invalid',
    problems: [['CHAIN_BROKEN', 'd1'], ['LOG_UNVERIFIED', 'l0'], ['LOG_UNVERIFIED', 'l1'], ['UNKNOWN_KEY', 'd0']],
    logs: { l0: 'unverified', l1: 'unverified' },
    digests: { d0: 'invalid' },
  },
  {
    name: 'skipped hour (a digest and its log files removed)',
    tamper: async (b) => {
      await rm(b.path(b.digests[1].key));
      await rm(b.path(b.digests[1].key) + SIGNATURE_SIDECAR_SUFFIX);
      await rm(b.path(b.logs[2].key));
    },
    result: 'invalid',
    problems: [['DIGEST_MISSING', 'd1']],
    logs: { l0: 'valid', l3: 'valid' },
    digests: { d1: 'missing', d0: 'valid', d2: 'valid' },
  },
  {
    name: 'link altered in the newer digest (re-signed)',
    tamper: (b) => b.writeDigest(b.digests[2].key, { ...b.digests[2].json, previousDigestSignature: 'ab'.repeat(256) }),
    result: 'invalid',
    problems: [['CHAIN_BROKEN', 'd2']],
    digests: { d1: 'valid', d2: 'invalid' },
  },
  {
    name: 'older digest altered after signing',
    tamper: (b) => writeFile(b.path(b.digests[1].key), gzipSync(JSON.stringify({ ...b.digests[1].json, logFiles: [] }))),
    result: 'invalid',
    problems: [['CHAIN_BROKEN', 'd2'], ['LOG_EXTRA', 'l2'], ['SIGNATURE_INVALID', 'd1']],
    logs: { l2: 'extra' },
    digests: { d1: 'invalid', d2: 'invalid' },
  },
];

/** The key a reference names. */
function keyOf(b: TrailBuilder, ref: FileRef): string {
  if (ref === 'planted') return b.logs[4].key;
  return ref.startsWith('l') ? b.logs[Number(ref.slice(1))].key : b.digests[Number(ref.slice(1))].key;
}

/** No log file is valid unless a digest that verified (status valid or only chain problems) lists it. */
function assertNothingOverClaimed(report: VerifyReport): void {
  const signatureCodes = new Set<ProblemCode>(['SIGNATURE_INVALID', 'SIGNATURE_MISSING', 'UNKNOWN_KEY', 'KEY_NOT_VALID', 'DIGEST_UNREADABLE']);
  for (const log of report.logFiles.filter((l) => l.status === 'valid')) {
    const digest = report.digests.find((d) => d.key === log.digest);
    expect(digest?.problems.some((c) => signatureCodes.has(c)), log.key).toBe(false);
  }
}

describe('audit verify: every tampering case on the right file with the right status', () => {
  it.each(CASES)('$name', async (c) => {
    const b = await trail(c.name.replace(/[^a-z]+/g, '-'));
    await c.tamper(b);
    const report = await verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys });
    expect(report.result).toBe(c.result);
    expect(report.valid).toBe(c.result === 'valid');
    const expected = c.problems.map(([code, ref]) => [code, keyOf(b, ref)]);
    expect(report.problems.map((p) => [p.code, p.key])).toEqual(expect.arrayContaining(expected));
    expect(report.problems).toHaveLength(expected.length);
    for (const [ref, status] of Object.entries(c.logs ?? {})) {
      expect(report.logFiles.find((l) => l.key === keyOf(b, ref as FileRef))?.status, ref).toBe(status);
    }
    for (const [ref, status] of Object.entries(c.digests ?? {})) {
      expect(report.digests.find((d) => d.key === keyOf(b, ref as FileRef))?.status, ref).toBe(status);
    }
    expect(report.summary.logFiles.unverified).toBe(report.logFiles.filter((l) => l.status === 'unverified').length);
    assertNothingOverClaimed(report);
  });

  it('says why a log file is unverified: the digest that lists it and why its signature failed', async () => {
    const b = await trail('unverified-reason');
    await forgeFirstDigest(b, other, other.fingerprint);
    const report = await verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys });
    const l1 = report.logFiles.find((l) => l.key === b.logs[1].key);
    expect(l1?.reason).toContain(b.digests[0].key);
    expect(l1?.reason).toContain('UNKNOWN_KEY');
    expect(l1?.reason).toContain('its SHA-256 matches');
  });

  it('puts a broken link on the newer digest whichever of its two fields breaks', async () => {
    const bySignature = await trail('link-signature');
    await bySignature.writeDigest(bySignature.digests[1].key, { ...bySignature.digests[1].json, previousDigestSignature: 'cd'.repeat(256) });
    const byHash = await trail('link-hash');
    await byHash.writeDigest(byHash.digests[1].key, { ...byHash.digests[1].json, previousDigestHashValue: '00'.repeat(32) });
    for (const b of [bySignature, byHash]) {
      const report = await verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys });
      // The re-signed d1 also changes its own hash, which d2 names: that link is d2's.
      expect(report.problems.filter((p) => p.code === 'CHAIN_BROKEN').map((p) => p.key)).toContain(b.digests[1].key);
      expect(report.problems.filter((p) => p.code === 'CHAIN_BROKEN').map((p) => p.key)).not.toContain(b.digests[0].key);
    }
  });

  it('reports a stopped and restarted trail as a gap between the two digests, not as a problem', async () => {
    const b = await trail('stopped');
    await b.log(at(6, 20), []);
    await b.seal(at(7, 1, 31), { start: true });
    const report = await verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys });
    expect(report.result).toBe('valid');
    expect(report.gaps).toEqual([{ chain: expect.any(String), before: b.digests[2].key, after: b.digests[3].key }]);
  });

  it('says nothing was verified for a range with no digest and no log file', async () => {
    const b = await trail('empty-range');
    const report = await verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys, range: { from: at(20), to: at(21) } });
    expect(report.result).toBe('empty');
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([]);
  });
});
