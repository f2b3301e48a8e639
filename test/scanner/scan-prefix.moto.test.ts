import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import type { ScanObjectResult } from '../../lambdas/scanner/scan-object.js';
import { scanPrefix, type ScanContinuation } from '../../lambdas/scanner/scan-prefix.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { motoS3, useMotoS3 } from '../support/moto.js';
import { CORRUPT_ZIP, PUBLIC_TEXT, createVault, customerCsv, putVersion, refuseVersion, setTags, tagsOf } from './fixtures.js';

const VAULT = 'vault-scan-prefix';
/** Version ids under `in/`, by key. */
let versions: { key: string; versionId: string }[];
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  versions = [];
  const put = async (key: string, body: string | Uint8Array) => versions.push({ key, versionId: await putVersion(client, VAULT, key, body) });
  await put('in/a.csv', customerCsv('a1').csv);
  await put('in/a.csv', customerCsv('a2').csv);
  await put('in/b.txt', PUBLIC_TEXT);
  await put('in/c.zip', CORRUPT_ZIP);
  await put('in/d.csv', customerCsv('d1').csv);
  await putVersion(client, VAULT, 'other/e.csv', customerCsv('e1').csv); // outside the prefix
});

const versionIdsOf = (results: readonly ScanObjectResult[]) => results.map((r) => r.ids.versionId);

describe('scanPrefix', () => {
  it('scans and tags every version under the prefix, passing over delete markers', async () => {
    // Prepare: a delete marker on top of b.txt (its version stays)
    await s3.send(new DeleteObjectCommand({ Bucket: VAULT, Key: 'in/b.txt' }));
    // Act
    const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, pageSize: 2 });
    // Assess
    expect(run.done).toBe(true);
    expect(run.continuation).toBeUndefined();
    expect(versionIdsOf(run.results).sort()).toEqual(versions.map((v) => v.versionId).sort());
    expect(run.report.source).toBe(`s3://${VAULT}/in/`);
    expect(run.report.summary).toMatchObject({ objects: 5, errors: 1, bySensitivity: { public: 1, sensitive: 0, confidential: 3, failed: 1 } });
    for (const { key, versionId } of versions) {
      expect((await tagsOf(s3, VAULT, key, versionId))[TAG_KEYS.engine]).toBe(ENGINE_VERSION);
    }
  });

  it('skips versions already tagged by this engine version, unless forced', async () => {
    // Prepare
    await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    // Act
    const again = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    const forced = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, force: true });
    // Assess: the corrupt zip (failed) is tried again; the others are not
    expect(again.alreadyScanned).toBe(4);
    expect(again.results.map((r) => r.report.key)).toEqual(['in/c.zip']);
    expect(forced.alreadyScanned).toBe(0);
    expect(forced.results).toHaveLength(5);
  });

  it('rescans a version tagged by another engine version', async () => {
    // Prepare
    const [first] = versions;
    await setTags(s3, VAULT, first.key, first.versionId, [
      { Key: TAG_KEYS.sensitivity, Value: 'public' },
      { Key: TAG_KEYS.engine, Value: '0.0.0-old' },
    ]);
    // Act
    const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    // Assess
    expect(versionIdsOf(run.results)).toContain(first.versionId);
    expect(await tagsOf(s3, VAULT, first.key, first.versionId)).toMatchObject({ [TAG_KEYS.sensitivity]: 'confidential', [TAG_KEYS.engine]: ENGINE_VERSION });
  });

  it('stops at its deadline and resumes where it stopped, scanning each version once', async () => {
    // Prepare: a deadline already reached, so every run does its one guaranteed version
    const scanned: string[] = [];
    let continuation: ScanContinuation | undefined;
    let runs = 0;
    // Act
    for (;;) {
      runs++;
      const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, pageSize: 2, deadlineMs: 0, continuation });
      scanned.push(...versionIdsOf(run.results));
      if (run.done) break;
      expect(run.continuation).toBeDefined();
      continuation = run.continuation;
      expect(runs).toBeLessThan(20);
    }
    // Assess
    expect(runs).toBeGreaterThanOrEqual(5); // one version per run (plus, maybe, a run that finds the end)
    expect(scanned).toHaveLength(5);
    expect([...scanned].sort()).toEqual(versions.map((v) => v.versionId).sort());
  });

  it('stops when its clock passes the deadline mid-page', async () => {
    // Prepare: a clock that passes the deadline after the second version
    let ticks = 0;
    const clock = () => (ticks++ < 3 ? 0 : 100);
    // Act
    const first = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, deadlineMs: 50, clock });
    const rest = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, continuation: first.continuation });
    // Assess
    expect(first.done).toBe(false);
    expect(first.results.length).toBeGreaterThan(0);
    expect(first.results.length).toBeLessThan(5);
    expect(rest.done).toBe(true);
    expect(rest.alreadyScanned).toBe(0);
    expect([...versionIdsOf(first.results), ...versionIdsOf(rest.results)].sort()).toEqual(versions.map((v) => v.versionId).sort());
  });

  it('reports a version whose S3 calls fail as failed, leaves it untagged and goes on', async () => {
    // Prepare: HeadObject of one version is refused (as when its KMS key can no longer be used)
    const refused = versions[4];
    const failing = motoS3();
    refuseVersion(failing, { commandName: 'HeadObjectCommand', versionId: refused.versionId, name: 'AccessDenied', status: 403, key: refused.key });
    // Act
    const run = await scanPrefix(failing, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    failing.destroy();
    // Assess
    expect(run.done).toBe(true);
    expect(run.results).toHaveLength(4);
    expect(run.failures).toEqual([
      expect.objectContaining({ operation: 'HeadObject', code: 'S3_ACCESS_DENIED', ids: expect.objectContaining({ versionId: refused.versionId }) }),
    ]);
    expect(run.failures[0].report).toMatchObject({ key: refused.key, sensitivity: 'failed', error: { code: 'READ_FAILED' } });
    expect(run.report.summary.bySensitivity.failed).toBe(2); // with the corrupt zip
    expect(await tagsOf(s3, VAULT, refused.key, refused.versionId)).toEqual({});
  });

  it('stops before a throttled version and tries it again on the next run', async () => {
    // Prepare: tagging of the fourth version is throttled (after the SDK's retries)
    const throttled = versions[3];
    const failing = motoS3();
    refuseVersion(failing, { commandName: 'PutObjectTaggingCommand', versionId: throttled.versionId, name: 'SlowDown', status: 503, key: throttled.key });
    // Act
    const first = await scanPrefix(failing, { bucket: VAULT, prefix: 'in/' }, { apply: true });
    failing.destroy();
    const second = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, continuation: first.continuation });
    // Assess
    expect(first).toMatchObject({ done: false, stoppedBy: 'S3_THROTTLED', failures: [] });
    expect(first.results).toHaveLength(3);
    expect(second.done).toBe(true);
    expect(versionIdsOf(second.results)).toEqual([throttled.versionId, versions[4].versionId]);
  });

  it('changes no tags in a dry run', async () => {
    // Act
    const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' });
    // Assess
    expect(run.results).toHaveLength(5);
    expect(run.results.every((r) => !r.tagging.applied)).toBe(true);
    for (const { key, versionId } of versions) expect(await tagsOf(s3, VAULT, key, versionId)).toEqual({});
  });

  it('reads several versions at once with concurrency, reporting them in listing order', async () => {
    // Act
    const one = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { pageSize: 3 });
    const three = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { pageSize: 3, concurrency: 3 });
    // Assess
    expect(three.done).toBe(true);
    expect(versionIdsOf(three.results)).toEqual(versionIdsOf(one.results));
    expect(three.report.objects).toEqual(one.report.objects);
    expect(three.report.summary).toEqual(one.report.summary);
  });

  it('with concurrency, resumes before a throttled version and reports each version once', async () => {
    // Prepare: tagging of b.txt (listed third: a key's newest version comes first) is throttled
    // while the versions after it go on
    const throttled = versions[2];
    const failing = motoS3();
    refuseVersion(failing, { commandName: 'PutObjectTaggingCommand', versionId: throttled.versionId, name: 'SlowDown', status: 503, key: throttled.key });
    // Act
    const first = await scanPrefix(failing, { bucket: VAULT, prefix: 'in/' }, { apply: true, concurrency: 3 });
    failing.destroy();
    const second = await scanPrefix(s3, { bucket: VAULT, prefix: 'in/' }, { apply: true, continuation: first.continuation });
    // Assess: the continuation stops before the throttled version; what was tagged after it is skipped
    expect(first).toMatchObject({ done: false, stoppedBy: 'S3_THROTTLED' });
    expect(first.continuation).toEqual({ keyMarker: versions[0].key, versionIdMarker: versions[0].versionId });
    expect(versionIdsOf(second.results)).toContain(throttled.versionId);
    // Every version is reported; only the corrupt zip (tagged failed, so tried again) may be reported
    // twice: whether a lane took it before the throttle stopped the run depends on timing.
    const corrupt = versions[3].versionId;
    const reported = [...versionIdsOf(first.results), ...versionIdsOf(second.results)];
    expect([...new Set(reported)].sort()).toEqual(versions.map((v) => v.versionId).sort());
    expect(reported.filter((id, i) => reported.indexOf(id) !== i)).toEqual(reported.filter((id) => id === corrupt).slice(1));
    // The two a.csv versions come before the gap; any other version done after it was tagged and is skipped.
    const retried = versionIdsOf(first.results).includes(corrupt) ? 1 : 0;
    expect(second.alreadyScanned).toBe(first.results.length - 2 - retried);
  });
});
