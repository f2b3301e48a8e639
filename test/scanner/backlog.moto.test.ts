/**
 * The backlog scanner against moto: a run with a tiny deadline stores where it stopped in the
 * records bucket; the next runs resume there and finish without rescanning; a finished pass starts
 * over and finds nothing new. The state never reaches a log line.
 */
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { PII_TYPES } from '../../lambdas/engine/index.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import {
  backlogConfigFromEnv,
  backlogStateKey,
  deadlineMargin,
  runBacklog,
  type BacklogConfig,
  type BacklogDeps,
  type BacklogRunResult,
  type BacklogState,
} from '../../lambdas/scanner/backlog.js';
import { ScannerConfigError } from '../../lambdas/scanner/errors.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { useHandler } from '../support/handler.js';
import { useMotoS3 } from '../support/moto.js';
import { recorder } from '../support/recorder.js';
import { CORRUPT_ZIP, PUBLIC_TEXT, createVault, customerCsv, lambdaContext, putVersion, tagsOf } from './fixtures.js';

// Before the handler module loads (its Logger and Metrics read these once).
vi.hoisted(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const VAULT = 'vault-backlog';
const RECORDS = 'records-backlog';
/** A key that looks like it names a person: it may be stored in the state, never logged. */
const NAMED_KEY = 'customers/Sample Person.csv';
const config: BacklogConfig = {
  reportBucket: RECORDS,
  reportPrefix: 'reports/',
  apply: true,
  vaultBucket: VAULT,
  prefix: '',
  statePrefix: 'state/backlog/',
};
let versions: { key: string; versionId: string }[];
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  await createVault(client, RECORDS, 'GOVERNANCE');
  versions = [];
  const put = async (key: string, body: string | Uint8Array) => versions.push({ key, versionId: await putVersion(client, VAULT, key, body) });
  await put('a.csv', customerCsv('a').csv);
  await put(NAMED_KEY, customerCsv('named').csv);
  await put('c.txt', PUBLIC_TEXT);
  await put('d.zip', CORRUPT_ZIP);
});

/** Deps with a logger that records what it is given. */
function recordingDeps(overrides: Partial<BacklogDeps> = {}) {
  const { logger, logs, metricsSink } = recorder();
  const deps: BacklogDeps = { s3, config, logger, metrics: metricsSink, ...overrides };
  return { deps, logs };
}

async function storedState(): Promise<BacklogState> {
  const out = await s3.send(new GetObjectCommand({ Bucket: RECORDS, Key: backlogStateKey(config) }));
  return JSON.parse((await out.Body?.transformToString()) ?? '') as BacklogState;
}

async function stateVersions(): Promise<number> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: RECORDS, Prefix: 'state/' }));
  return out.Versions?.length ?? 0;
}

describe('runBacklog', () => {
  it('stores a continuation when the deadline stops it, and the next runs resume and finish without rescanning', async () => {
    // Prepare: a deadline already passed, so each run scans its one guaranteed version
    const { deps, logs } = recordingDeps();
    // Act
    const first = await runBacklog(deps, { deadlineMs: 0, pageSize: 2 });
    const stateAfterFirst = await storedState();
    const rest: BacklogRunResult[] = [];
    for (let run = 0; run < 10 && !(rest.at(-1)?.done ?? false); run++) rest.push(await runBacklog(deps, { deadlineMs: 0, pageSize: 2 }));
    // Assess: the first run stopped at its deadline and stored where
    expect(first).toMatchObject({ start: 'new-pass', scanned: 1, done: false, stoppedBy: 'deadline', stateKey: `state/backlog/${VAULT}.json` });
    expect(stateAfterFirst).toMatchObject({ bucket: VAULT, engine: ENGINE_VERSION, runs: 1, scanned: 1, completedAt: null });
    expect(stateAfterFirst.continuation).toEqual({ keyMarker: expect.any(String), versionIdMarker: expect.any(String) });
    // ...the others resumed, each version was scanned exactly once, and the pass completed
    expect(rest.every((r) => r.start === 'resumed')).toBe(true);
    expect(rest.at(-1)!.done).toBe(true);
    expect(first.scanned + rest.reduce((n, r) => n + r.scanned, 0)).toBe(versions.length);
    expect(rest.reduce((n, r) => n + r.alreadyScanned, 0)).toBe(0);
    const final = await storedState();
    expect(final).toMatchObject({ continuation: null, completedAt: expect.any(String), scanned: versions.length, runs: 1 + rest.length });
    for (const { key, versionId } of versions) expect((await tagsOf(s3, VAULT, key, versionId))[TAG_KEYS.engine]).toBe(ENGINE_VERSION);
    // One state version per run (the records bucket keeps them all); the key never reached a log line.
    expect(await stateVersions()).toBe(1 + rest.length);
    expect(JSON.stringify(logs)).not.toContain('Sample');
  });

  it('starts a new pass after a complete one, finding only what is not scanned by this engine', async () => {
    // Prepare: a complete pass, then a new version
    const { deps } = recordingDeps();
    await runBacklog(deps, { deadlineMs: Number.MAX_SAFE_INTEGER });
    const added = await putVersion(s3, VAULT, 'e.csv', customerCsv('e').csv);
    // Act
    const next = await runBacklog(deps, { deadlineMs: Number.MAX_SAFE_INTEGER });
    // Assess: the corrupt zip (level failed) is tried again; the others are skipped by their tags
    expect(next).toMatchObject({ start: 'new-pass', done: true, scanned: 2, alreadyScanned: 3 });
    expect((await tagsOf(s3, VAULT, 'e.csv', added))[TAG_KEYS.sensitivity]).toBe('confidential');
    expect(next.reportKey).toMatch(/^reports\/scan\/dt=\d{4}-\d{2}-\d{2}\/.+\.jsonl$/);
  });

  it('classifies with the policy its environment gives (SHREDLOCK_CLASSIFICATION_POLICY)', async () => {
    // Prepare: every type only sensitive, from the environment as the stack writes it
    const fromEnv = backlogConfigFromEnv({
      SHREDLOCK_REPORT_BUCKET: RECORDS,
      SHREDLOCK_VAULT_BUCKET: VAULT,
      SHREDLOCK_CLASSIFICATION_POLICY: JSON.stringify({ confidential: [], sensitive: PII_TYPES }),
    });
    const { deps } = recordingDeps({ config: fromEnv });
    // Act
    await runBacklog(deps, { deadlineMs: Number.MAX_SAFE_INTEGER });
    // Assess: the customer file the seed policy makes confidential is sensitive under this one
    const named = versions.find((v) => v.key === 'a.csv');
    expect((await tagsOf(s3, VAULT, 'a.csv', named?.versionId ?? ''))[TAG_KEYS.sensitivity]).toBe('sensitive');
  });

  it.each([
    ['another engine version', { engine: '0.0.0-old' }],
    ['another prefix', { prefix: 'elsewhere/' }],
  ])('does not resume a continuation of %s', async (_name, change) => {
    // Prepare: a stored continuation that does not fit this run
    const { deps } = recordingDeps();
    await runBacklog(deps, { deadlineMs: 0 });
    const stale = { ...(await storedState()), ...change };
    await s3.send(new PutObjectCommand({ Bucket: RECORDS, Key: backlogStateKey(config), Body: JSON.stringify(stale) }));
    // Act
    const run = await runBacklog(deps, { deadlineMs: Number.MAX_SAFE_INTEGER });
    // Assess
    expect(run).toMatchObject({ start: 'new-pass', done: true });
    expect(run.scanned + run.alreadyScanned).toBe(versions.length);
  });

  it('starts a new pass, with a warning, when the stored state is unreadable', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: RECORDS, Key: backlogStateKey(config), Body: '{ not json' }));
    const { deps, logs } = recordingDeps();
    // Act
    const run = await runBacklog(deps, { deadlineMs: Number.MAX_SAFE_INTEGER });
    // Assess
    expect(run).toMatchObject({ start: 'new-pass', done: true, scanned: versions.length });
    expect(JSON.stringify(logs)).toContain('backlog state unreadable');
  });
});

describe('backlog handler', () => {
  const handler = useHandler<(event: unknown, context: unknown) => Promise<BacklogRunResult>>(
    { SHREDLOCK_REPORT_BUCKET: RECORDS, SHREDLOCK_VAULT_BUCKET: VAULT, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
    () => import('../../lambdas/scanner/backlog-handler.js'),
  );

  it('scans the whole vault when the Lambda has time, and records the pass as complete', async () => {
    // Act
    const result = await handler({}, lambdaContext(15 * 60_000));
    // Assess
    expect(result).toMatchObject({ start: 'new-pass', done: true, scanned: versions.length, failed: 0 });
    expect(await storedState()).toMatchObject({ completedAt: expect.any(String), continuation: null });
  });
});

describe('backlogConfigFromEnv', () => {
  it('reads the scanner settings and its own, with defaults', () => {
    expect(backlogConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: RECORDS, SHREDLOCK_VAULT_BUCKET: VAULT })).toEqual({ ...config });
  });

  it('names every bad variable', () => {
    const read = () => backlogConfigFromEnv({ SHREDLOCK_VAULT_BUCKET: 'Not A Bucket', SHREDLOCK_STATE_PREFIX: 'no-slash' });
    expect(read).toThrow(ScannerConfigError);
    expect(read).toThrow(/SHREDLOCK_REPORT_BUCKET[\s\S]*SHREDLOCK_VAULT_BUCKET[\s\S]*SHREDLOCK_STATE_PREFIX/);
  });
});

describe('deadlineMargin', () => {
  it.each([
    [15 * 60_000, 180_000],
    [5 * 60_000, 60_000],
    [60_000, 30_000],
  ])('keeps back a margin of %i ms remaining: %i ms', (remaining, margin) => {
    expect(deadlineMargin(remaining)).toBe(margin);
  });
});
