import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTrailStore } from '../../lambdas/audit/local-store.js';
import { parsePublicKeys, type TrailPublicKey } from '../../lambdas/audit/public-keys.js';
import { SIGNATURE_SIDECAR_SUFFIX } from '../../lambdas/audit/store.js';
import { verifyTrail } from '../../lambdas/audit/verify.js';
import type { ProblemCode, VerifyReport } from '../../lambdas/audit/verify-report.js';
import { OUT, TrailBuilder, at, fourLogTrail, publicKeysJson, signingKey, type TestSigningKey } from './fixtures.js';
import { USER_ARN, iamUser, s3ObjectEvent } from './events.js';

let key: TestSigningKey;
let keys: TrailPublicKey[];

beforeAll(() => {
  key = signingKey();
  keys = parsePublicKeys(publicKeysJson([key]), 'keys.json');
});

/** Three hourly digests covering four log files; `name` is the test's folder. */
async function trail(name: string): Promise<TrailBuilder> {
  return fourLogTrail(join(OUT, 'verify', name), key);
}

const verify = (b: TrailBuilder, range = {}): Promise<VerifyReport> =>
  verifyTrail(new LocalTrailStore(b.dir), { publicKeys: keys, range });

const codes = (r: VerifyReport): [ProblemCode, string][] => r.problems.map((p) => [p.code, p.key]);

describe('verifyTrail on a local folder', () => {
  it('accepts an untouched trail: every digest signed and chained, every log file hashed', async () => {
    const b = await trail('valid');
    const report = await verify(b);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.summary.digests).toEqual({ valid: 3, invalid: 0, missing: 0 });
    expect(report.summary.logFiles).toMatchObject({ valid: 4, modified: 0, missing: 0, extra: 0 });
    expect(report.logFiles.find((l) => l.key === b.logs[2].key)?.digest).toBe(b.digests[1].key);
  });

  it('reports a modified log file (hash over the uncompressed content)', async () => {
    const b = await trail('modified-log');
    const log = b.logs[1];
    await writeFile(b.path(log.key), gzipSync(Buffer.from(log.content.toString().replace('customers/b.csv', 'customers/x.csv'))));
    const report = await verify(b);
    expect(report.valid).toBe(false);
    expect(codes(report)).toEqual([['LOG_MODIFIED', log.key]]);
    expect(report.logFiles.find((l) => l.key === log.key)?.status).toBe('modified');
  });

  it('does not mistake a recompressed but identical log file for a modified one', async () => {
    const b = await trail('recompressed-log');
    const log = b.logs[0];
    await writeFile(b.path(log.key), gzipSync(log.content, { level: 1 }));
    expect((await verify(b)).valid).toBe(true);
  });

  it('reports a deleted log file', async () => {
    const b = await trail('deleted-log');
    await rm(b.path(b.logs[2].key));
    const report = await verify(b);
    expect(codes(report)).toEqual([['LOG_MISSING', b.logs[2].key]]);
  });

  it('reports a log file no digest names, but not one newer than the last digest can cover', async () => {
    const b = await trail('extra-log');
    const planted = await b.log(at(1, 40), [s3ObjectEvent('GetObject', at(1, 35), iamUser(USER_ARN), 'planted.csv')]);
    const recent = await b.log(at(3, 5), [s3ObjectEvent('GetObject', at(3, 4), iamUser(USER_ARN), 'recent.csv')]);
    const report = await verify(b);
    expect(codes(report)).toEqual([['LOG_EXTRA', planted.key]]);
    expect(report.logFiles.find((l) => l.key === recent.key)?.status).toBe('pending');
  });

  it('reports a removed digest as missing from the chain, and its log files as unverified', async () => {
    const b = await trail('removed-digest');
    const removed = b.digests[1];
    await rm(b.path(removed.key));
    await rm(b.path(removed.key) + SIGNATURE_SIDECAR_SUFFIX);
    const report = await verify(b);
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        ['DIGEST_MISSING', removed.key],
        ['LOG_EXTRA', b.logs[2].key],
      ]),
    );
    expect(report.digests.find((d) => d.key === removed.key)?.status).toBe('missing');
    // The walk resumes at the older digest, which still verifies.
    expect(report.digests.find((d) => d.key === b.digests[0].key)?.status).toBe('valid');
  });

  it('reports a digest altered after signing, and the link to it', async () => {
    const b = await trail('altered-digest');
    const middle = b.digests[1];
    const altered = JSON.stringify({ ...middle.json, logFiles: [] });
    await writeFile(b.path(middle.key), gzipSync(altered));
    const report = await verify(b);
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        ['CHAIN_BROKEN', b.digests[2].key],
        ['SIGNATURE_INVALID', middle.key],
      ]),
    );
  });

  it('reports a bad signature in the newest digest\'s metadata', async () => {
    const b = await trail('bad-signature');
    const sidecar = b.path(b.digests[2].key) + SIGNATURE_SIDECAR_SUFFIX;
    const meta = JSON.parse(await readFile(sidecar, 'utf8')) as { signature: string };
    const flipped = (meta.signature[0] === 'a' ? 'b' : 'a') + meta.signature.slice(1);
    await writeFile(sidecar, JSON.stringify({ ...meta, signature: flipped }));
    // The log file only that digest lists is not proven any more.
    expect(codes(await verify(b))).toEqual([['SIGNATURE_INVALID', b.digests[2].key], ['LOG_UNVERIFIED', b.logs[3].key]]);
  });

  it('verifies an older digest whose metadata is gone from the signature its successor names', async () => {
    const b = await trail('older-sidecar-gone');
    await rm(b.path(b.digests[0].key) + SIGNATURE_SIDECAR_SUFFIX);
    expect((await verify(b)).valid).toBe(true);
  });

  it('cannot verify the newest digest without its signature metadata', async () => {
    const b = await trail('newest-sidecar-gone');
    await rm(b.path(b.digests[2].key) + SIGNATURE_SIDECAR_SUFFIX);
    expect(codes(await verify(b))).toEqual([['SIGNATURE_MISSING', b.digests[2].key], ['LOG_UNVERIFIED', b.logs[3].key]]);
  });

  it('reports a digest no chain reaches', async () => {
    const b = await trail('out-of-chain');
    const stray = `AWSLogs/${b.account}/CloudTrail-Digest/${b.region}/2025/03/01/${b.account}_CloudTrail-Digest_${b.region}_${b.trail}_${b.region}_20250301T013000Z.json.gz`;
    await b.writeDigest(stray, { ...b.digests[0].json, digestS3Object: stray, digestEndTime: '2025-03-01T01:30:00Z', logFiles: [] });
    const report = await verify(b);
    expect(codes(report)).toEqual([['OUT_OF_CHAIN', stray]]);
  });

  it('reports a digest found under another key than the one it names', async () => {
    const b = await trail('moved-digest');
    const moved = b.digests[2].key.replace('20250301T030131Z', '20250301T030132Z');
    await writeFile(b.path(moved), await readFile(b.path(b.digests[2].key)));
    await writeFile(b.path(moved) + SIGNATURE_SIDECAR_SUFFIX, await readFile(b.path(b.digests[2].key) + SIGNATURE_SIDECAR_SUFFIX));
    await rm(b.path(b.digests[2].key));
    const report = await verify(b);
    expect(codes(report)).toEqual([['DIGEST_MOVED', moved]]);
  });

  it('accepts a restarted chain (starting digest) and reports the gap', async () => {
    const b = await trail('restart');
    await b.log(at(5, 20), []);
    await b.seal(at(6, 1, 31), { start: true });
    const report = await verify(b);
    expect(report.valid).toBe(true);
    expect(report.gaps).toEqual([{ chain: expect.stringContaining('shredlock-audit'), before: b.digests[2].key, after: b.digests[3].key }]);
  });

  it('verifies only the digests and log files of --from/--to', async () => {
    const b = await trail('range');
    await rm(b.path(b.logs[0].key));
    const inRange = await verify(b, { from: at(1, 30), to: at(2, 45) });
    expect(inRange.valid).toBe(true);
    expect(inRange.digests.map((d) => d.key)).toEqual([b.digests[1].key, b.digests[2].key]);
    expect((await verify(b, { from: at(0, 0), to: at(0, 50) })).valid).toBe(false);
  });

  it('reports an unreadable digest', async () => {
    const b = await trail('unreadable-digest');
    await writeFile(b.path(b.digests[0].key), 'not gzip');
    expect(codes(await verify(b))).toEqual(
      expect.arrayContaining([['DIGEST_UNREADABLE', b.digests[0].key]]),
    );
  });
});
