// Scanning a version too large for one run in byte ranges, across runs, on moto with a tiny range size.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { scanSource, type ObjectReport } from '../../lambdas/engine/scan.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import type { ObjectVersionRef } from '../../lambdas/aws/object-ref.js';
import { checkpointKey, type RangeCheckpoint } from '../../lambdas/scanner/range-checkpoint.js';
import { scanInRanges, type RangedScanOptions } from '../../lambdas/scanner/ranged-scan.js';
import { s3VersionSource } from '../../lambdas/scanner/s3-source.js';
import { scanPrefix, type ScanContinuation } from '../../lambdas/scanner/scan-prefix.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { CUSTOMER_HEADER, customerRow, serviceLogLine } from '../../synthetic/exports.js';
import { csvText, encodeGbk, greyPng, zipBuffer } from '../../synthetic/files.js';
import { chineseName, dateString, wechatId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { useMotoS3 } from '../support/moto.js';
import { createVault, putVersion, tagsOf } from './fixtures.js';

const VAULT = 'vault-ranges';
const RECORDS = 'records-ranges';
const RANGE = 16 * 1024;
const store = { bucket: RECORDS, prefix: 'state/backlog/' };

const rng = new Rng(12);
const rows = Array.from({ length: 400 }, (_, i) => customerRow(rng, i));
const CSV = csvText([CUSTOMER_HEADER, ...rows]);
const LOG = Array.from({ length: 600 }, (_, i) => serviceLogLine(rng, new Date(Date.UTC(2024, 0, 1) + i * 1000))).join('\n') + '\n';

const GBK = encodeGbk(CSV);
/** A key-value export (字段,值; a line a field, a record after another): its first column names its rows. */
const KEYVALUE = csvText([
  ['字段', '值'],
  ...Array.from({ length: 1000 }, () => [
    ['姓名', chineseName(rng)],
    ['微信号', wechatId(rng, { chosen: true })],
    ['出生日期', dateString(rng)],
  ]).flat(),
]);
/** The same rows without their header row (`SELECT … INTO OUTFILE`): its first row is taken for headers. */
const HEADERLESS = csvText(rows);
/** The log with an ID card photo, in base64, in a request body halfway through. */
const LOG_WITH_PHOTO = LOG.split('\n').toSpliced(300, 0, `POST /api/realname {"front":"${greyPng(640, 400).toString('base64')}"}`).join('\n');
/** A roster as text, a name a line: its names told by the list's first values, carried over. */
const ROSTER = `${Array.from({ length: 2000 }, () => chineseName(rng)).join('\n')}\n`;
const refs: Record<'csv' | 'gbk' | 'headerless' | 'keyvalue' | 'log' | 'roster' | 'loglist' | 'zip' | 'bak' | 'utf16' | 'utf32' | 'photo', ObjectVersionRef> = {} as never;
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  await createVault(client, RECORDS, 'GOVERNANCE');
  for (const [name, key, body] of [
    ['csv', 'big/customers.csv', CSV],
    ['gbk', 'big/customers-gbk.csv', GBK],
    ['headerless', 'big/outfile.csv', HEADERLESS],
    ['keyvalue', 'big/fields.csv', KEYVALUE],
    ['log', 'big/service.log', LOG],
    ['roster', 'big/roster.txt', ROSTER],
    ['loglist', 'big/names-after-log.log', LOG + ROSTER + ROSTER],
    ['zip', 'big/archive.zip', await zipBuffer([{ name: 'a.csv', data: CSV }])],
    ['bak', 'big/app.bak', Buffer.concat([Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)), Buffer.from(CSV)])],
    ['utf16', 'big/customers-utf16.csv', Buffer.from(CSV, 'utf16le')],
    ['utf32', 'big/customers-utf32.csv', iconv.encode(CSV, 'utf-32le')],
    ['photo', 'big/realname.log', LOG_WITH_PHOTO],
  ] as const) {
    refs[name] = { bucket: VAULT, key, versionId: await putVersion(client, VAULT, key, body) };
  }
});

/** The report of the whole object in one pass: what the ranges must add up to. */
const wholeScan = (ref: ObjectVersionRef): Promise<ObjectReport> => scanSource(s3VersionSource(s3, ref), ref.key, { maxFindings: 0 });

/** Runs scanInRanges once per "Lambda run" (a deadline already past: one range each) until done. */
async function scanAcrossRuns(ref: ObjectVersionRef, size: number, options: Partial<RangedScanOptions> = {}) {
  let runs = 0;
  for (;;) {
    runs++;
    const run = await scanInRanges(s3, ref, size, { rangeBytes: RANGE, store, deadlineMs: 0, maxFindings: 0, ...options });
    expect(run.ranges).toBe(1);
    if (run.done) return { report: run.report, runs };
    expect(runs).toBeLessThan(100);
  }
}

async function checkpointText(ref: ObjectVersionRef): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: RECORDS, Key: checkpointKey(store, ref) }));
  return (await out.Body?.transformToString()) ?? '';
}

describe('scanInRanges', () => {
  it.each([
    ['a CSV (column headers carried over)', 'csv', CSV],
    ['a GBK CSV (Excel on Chinese Windows)', 'gbk', GBK],
    ['a CSV without its header row (its names told by their values)', 'headerless', HEADERLESS],
    ['a key-value CSV (its first column naming its rows, carried over)', 'keyvalue', KEYVALUE],
    ['a Chinese service log', 'log', LOG],
    ['a text of names, one a line (the list\'s words carried over)', 'roster', ROSTER],
    ['a log with names after it, one a line (no list: its first lines tell, not a range\'s)', 'loglist', LOG + ROSTER + ROSTER],
  ] as const)('finds in %s, range by range, exactly what one pass finds, at the same lines', async (_name, which, body) => {
    // Prepare
    const size = Buffer.byteLength(body);
    const whole = await wholeScan(refs[which]);
    // Act
    const { report, runs } = await scanAcrossRuns(refs[which], size);
    // Assess
    expect(runs).toBeGreaterThanOrEqual(Math.floor(size / RANGE));
    expect(whole.findings.length).toBeGreaterThan(100);
    // Its WeChat ids are found only under their row's header (微信号).
    if (which === 'keyvalue') expect(whole.counts.wechat_id).toBe(1000);
    if (which === 'roster') expect(whole.counts).toEqual({ cn_name: 2000 });
    if (which === 'loglist') expect(whole.counts.cn_name ?? 0).toBeLessThan(2000);
    expect(report.counts).toEqual(whole.counts);
    expect(report.findings).toEqual(whole.findings);
    expect(report).toMatchObject({ format: whole.format, sensitivity: whole.sensitivity, size });
  });

  it('keeps no text of the object in its checkpoint: offsets, headers, counts and masked findings only', async () => {
    // Act: one range, then stop
    await scanInRanges(s3, refs.csv, Buffer.byteLength(CSV), { rangeBytes: RANGE, store, deadlineMs: 0 });
    // Assess
    const text = await checkpointText(refs.csv);
    const checkpoint = JSON.parse(text) as RangeCheckpoint;
    expect(checkpoint).toMatchObject({ type: 'shredlock.range-scan', engine: ENGINE_VERSION, format: 'csv', ranges: 1 });
    expect(checkpoint.offset).toBeGreaterThanOrEqual(RANGE);
    expect(Buffer.from(CSV)[checkpoint.offset - 1]).toBe(0x0a); // the next range starts a line
    // Headers as the context words they hold (身份证号: 身份证).
    expect(checkpoint.headers).toContain('身份证');
    for (const row of rows.slice(0, 20)) expect(text).not.toContain(row[2]); // resident ids
    expect(text).not.toContain(refs.csv.key);
  });

  it('keeps only the context words of the headers: a headerless CSV\'s first row, taken for its header row, is not kept', async () => {
    // Act
    await scanInRanges(s3, refs.headerless, Buffer.byteLength(HEADERLESS), { rangeBytes: RANGE, store, deadlineMs: 0 });
    // Assess
    const text = await checkpointText(refs.headerless);
    const checkpoint = JSON.parse(text) as RangeCheckpoint;
    expect(checkpoint).toMatchObject({ format: 'csv', ranges: 1 });
    // Its names column, told by its values, keeps the name word; no value of the first row is kept.
    expect(checkpoint.headers).toContain('姓名');
    for (const value of rows[0]) if (value.length >= 2) expect(text).not.toContain(value);
  });

  it('ends a zip larger than the range size as failed TOO_LARGE_FOR_ONE_RUN, in one call', async () => {
    // Act
    const run = await scanInRanges(s3, refs.zip, RANGE + 1, { rangeBytes: RANGE, store, deadlineMs: 0 });
    // Assess
    expect(run).toMatchObject({ done: true, report: { format: 'zip', sensitivity: 'failed', error: { code: 'TOO_LARGE_FOR_ONE_RUN' } } });
  });

  it('ends a binary larger than the range size as failed TOO_LARGE_FOR_ONE_RUN, never public unread', async () => {
    // Act
    const run = await scanInRanges(s3, refs.bak, RANGE + 1, { rangeBytes: RANGE, store, deadlineMs: 0 });
    // Assess
    expect(run).toMatchObject({ done: true, report: { format: 'binary', sensitivity: 'failed', error: { code: 'TOO_LARGE_FOR_ONE_RUN' } } });
  });

  it('ends text with a file embedded as base64 as failed TOO_LARGE_FOR_ONE_RUN when it meets it (a range edge may cut it), never public', async () => {
    // Prepare: in one pass the photo is NO_TEXT
    expect(await wholeScan(refs.photo)).toMatchObject({ sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    // Act
    const { report, runs } = await scanAcrossRuns(refs.photo, Buffer.byteLength(LOG_WITH_PHOTO));
    // Assess: the ranges before the photo's were scanned
    expect(runs).toBeGreaterThan(1);
    expect(report).toMatchObject({ format: 'text', sensitivity: 'failed', error: { code: 'TOO_LARGE_FOR_ONE_RUN' } });
    expect(report.error?.message).toContain('base64');
  });

  it.each(['utf16', 'utf32'] as const)('ends %s text without a BOM larger than the range size as failed TOO_LARGE_FOR_ONE_RUN (its newlines are not line starts)', async (ref) => {
    // Act
    const run = await scanInRanges(s3, refs[ref], RANGE + 1, { rangeBytes: RANGE, store, deadlineMs: 0 });
    // Assess
    expect(run).toMatchObject({ done: true, report: { sensitivity: 'failed', error: { code: 'TOO_LARGE_FOR_ONE_RUN' } } });
  });
});

describe('scanPrefix with ranges', () => {
  it('stops before a large version at its deadline, resumes it run after run, and tags it once done', async () => {
    // Prepare
    const whole = await wholeScan(refs.log);
    let continuation: ScanContinuation | undefined;
    const reported: ObjectReport[] = [];
    let runs = 0;
    // Act
    for (;;) {
      runs++;
      const run = await scanPrefix(s3, { bucket: VAULT, prefix: 'big/service' }, {
        apply: true,
        deadlineMs: 0,
        continuation,
        maxFindings: 0,
        ranges: { rangeBytes: RANGE, store },
      });
      reported.push(...run.results.map((r) => r.report));
      if (run.done) break;
      expect(run.stoppedBy).toBe('deadline');
      expect(await tagsOf(s3, VAULT, refs.log.key, refs.log.versionId)).toEqual({});
      continuation = run.continuation;
      expect(runs).toBeLessThan(100);
    }
    // Assess
    expect(runs).toBeGreaterThan(2);
    expect(reported).toHaveLength(1);
    expect(reported[0].counts).toEqual(whole.counts);
    expect((await tagsOf(s3, VAULT, refs.log.key, refs.log.versionId))[TAG_KEYS.sensitivity]).toBe(whole.sensitivity);
  });
});
