/**
 * `verifyTrail`: offline `aws cloudtrail validate-logs`. Reads digest and log files from a trail
 * store, verifies every digest's signature and chain (verify-chain.ts) and the SHA-256 of every
 * log file the digests name, and reports log files no digest names. Integrity findings are
 * reported, never thrown; only unusable inputs throw (AuditError).
 */
import { gunzipSync } from 'node:zlib';
import { HASH_ALGORITHM, loadDigest, sha256Hex, type LoadedDigest } from './digest.js';
import { keyPrefix, parseTrailKey, trailPath, type DigestFileName, type LogFileName } from './layout.js';
import type { TrailPublicKey } from './public-keys.js';
import { DIGEST_LAG_MS, inRange, rangeJson, type TimeRange } from './range.js';
import type { TrailStore } from './store.js';
import { walkChain, type ChainContext, type DigestEntry } from './verify-chain.js';
import type { ChainGap, DigestResult, LogFileResult, Problem, ProblemCode, VerifyReport } from './verify-report.js';

/** Public keys for the digests of one region over a time span (for example from ListPublicKeys). */
export type KeySource = (region: string, from: Date, to: Date) => Promise<readonly TrailPublicKey[]>;

/** Options of verifyTrail. */
export interface VerifyOptions {
  /** Digests whose end time is in the range (widened by DIGEST_LAG_MS), log files whose name time is. Default: all. */
  readonly range?: TimeRange;
  /** A fixed list (from a ListPublicKeys JSON file), or a source asked once per region. */
  readonly publicKeys: readonly TrailPublicKey[] | KeySource;
  /** Log files read at once. Default 8. */
  readonly concurrency?: number;
}

interface LogEntry {
  readonly key: string;
  readonly path: string;
  readonly name: LogFileName;
}

/** Groups digests that chain together: same prefix, account, region, trail, home region and kind. */
function chainId(key: string, name: DigestFileName): string {
  const org = name.organization ? `${name.organization}/` : '';
  return `${keyPrefix(key)}${org}${name.account}/${name.region}/${name.trail}/${name.homeRegion}${name.backfill ? '/backfill' : ''}`;
}

/** Where log files of one account and region go: digests of the same scope cover them. */
function logScope(key: string, name: { organization?: string; account: string; region: string }): string {
  return `${keyPrefix(key)}${name.organization ?? ''}/${name.account}/${name.region}`;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function listTrail(store: TrailStore): Promise<{ digests: DigestEntry[]; logs: LogEntry[] }> {
  const digests: DigestEntry[] = [];
  const logs: LogEntry[] = [];
  for await (const key of store.list()) {
    const path = trailPath(key);
    const name = path === undefined ? undefined : parseTrailKey(path);
    if (path === undefined || !name) continue;
    if (name.kind === 'digest') digests.push({ key, path, name, chain: chainId(key, name) });
    else logs.push({ key, path, name });
  }
  return { digests, logs };
}

async function resolveKeys(source: VerifyOptions['publicKeys'], digests: readonly DigestEntry[]): Promise<TrailPublicKey[]> {
  if (typeof source !== 'function') return [...source];
  const spans = new Map<string, { from: number; to: number }>();
  for (const { name } of digests) {
    const t = name.time.getTime();
    const span = spans.get(name.region) ?? { from: t, to: t };
    spans.set(name.region, { from: Math.min(span.from, t), to: Math.max(span.to, t) });
  }
  const keys: TrailPublicKey[] = [];
  for (const [region, span] of spans) {
    keys.push(...(await source(region, new Date(span.from - DIGEST_LAG_MS), new Date(span.to))));
  }
  return keys;
}

function count<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v]++;
  return out;
}

/** Verifies the trail files in `store`. */
export async function verifyTrail(store: TrailStore, options: VerifyOptions): Promise<VerifyReport> {
  const range = options.range ?? {};
  const { digests, logs } = await listTrail(store);
  const inScope = digests.filter((d) => inRange(range, d.name.time, DIGEST_LAG_MS));
  const keys = await resolveKeys(options.publicKeys, inScope);

  const problems: Problem[] = [];
  const codes = new Map<string, Set<ProblemCode>>();
  const missingDigests = new Map<string, { chain: string; time?: Date }>();
  const gaps: ChainGap[] = [];
  const cache = new Map<string, Promise<LoadedDigest | undefined>>();
  const problem = (key: string, code: ProblemCode, detail: string): void => {
    const set = codes.get(key) ?? new Set<ProblemCode>();
    if (set.has(code)) return;
    set.add(code);
    codes.set(key, set);
    problems.push({ code, key, detail });
  };
  const load = (entry: DigestEntry): Promise<LoadedDigest | undefined> => {
    let pending = cache.get(entry.key);
    if (!pending) {
      pending = (async () => {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await store.read(entry.key);
        } catch (error) {
          problem(entry.key, 'READ_FAILED', (error as Error).message);
          return undefined;
        }
        const loaded = bytes ? loadDigest(bytes) : { error: 'disappeared while reading' };
        if ('error' in loaded) {
          problem(entry.key, 'DIGEST_UNREADABLE', loaded.error);
          return undefined;
        }
        return loaded;
      })();
      cache.set(entry.key, pending);
    }
    return pending;
  };
  const ctx: ChainContext = {
    store,
    keys,
    range,
    byPath: new Map(digests.map((d) => [d.path, d])),
    load,
    problem,
    missing: (key, chain, time) => missingDigests.set(key, { chain, ...(time ? { time } : {}) }),
    gaps,
  };
  const chains = new Map<string, DigestEntry[]>();
  for (const d of inScope) chains.set(d.chain, [...(chains.get(d.chain) ?? []), d]);
  for (const chain of [...chains.keys()].sort()) await walkChain(ctx, chains.get(chain) ?? []);

  // Log files named by the digests in range.
  const logsByPath = new Map(logs.map((l) => [l.path, l]));
  const named = new Map<string, LogFileResult>();
  const checks: { entry: LoadedDigest['digest']['logFiles'][number]; digest: string }[] = [];
  for (const d of [...inScope].sort((a, b) => a.key.localeCompare(b.key))) {
    const loaded = await load(d);
    for (const entry of loaded?.digest.logFiles ?? []) checks.push({ entry, digest: d.key });
  }
  await mapLimit(checks, options.concurrency ?? 8, async ({ entry, digest }) => {
    const path = trailPath(entry.s3Object) ?? entry.s3Object;
    if (named.has(path)) return;
    const found = logsByPath.get(path);
    const key = found?.key ?? entry.s3Object;
    const result = (status: LogFileResult['status'], code?: ProblemCode, detail?: string): void => {
      named.set(path, { key, status, digest });
      if (code) problem(key, code, detail ?? `named by ${digest}`);
    };
    named.set(path, { key, status: 'valid', digest });
    if (!found || (store.bucket !== undefined && entry.s3Bucket !== store.bucket)) {
      return result('missing', 'LOG_MISSING', `named by ${digest} (s3://${entry.s3Bucket}/${entry.s3Object}), not in the store`);
    }
    if (entry.hashAlgorithm !== HASH_ALGORITHM) {
      return result('unreadable', 'UNSUPPORTED_ALGORITHM', `hashAlgorithm ${entry.hashAlgorithm} in ${digest}`);
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.read(found.key);
    } catch (error) {
      return result('unreadable', 'READ_FAILED', (error as Error).message);
    }
    if (!bytes) return result('missing', 'LOG_MISSING', `named by ${digest}, disappeared while reading`);
    let raw: Buffer;
    try {
      raw = gunzipSync(bytes);
    } catch {
      return result('unreadable', 'LOG_UNREADABLE', `not gzip; named by ${digest}`);
    }
    if (sha256Hex(raw) !== entry.hashValue.toLowerCase()) {
      return result('modified', 'LOG_MODIFIED', `SHA-256 of its content differs from hashValue in ${digest}`);
    }
    return result('valid');
  });

  // Log files in range that no digest names.
  const newest = new Map<string, number>();
  for (const d of digests) {
    const scope = logScope(d.key, d.name);
    newest.set(scope, Math.max(newest.get(scope) ?? 0, d.name.time.getTime()));
  }
  const logResults = [...named.values()];
  for (const log of logs) {
    if (named.has(log.path) || !inRange(range, log.name.time)) continue;
    const covered = newest.get(logScope(log.key, log.name));
    if (covered !== undefined && log.name.time.getTime() > covered - DIGEST_LAG_MS) {
      logResults.push({ key: log.key, status: 'pending' });
    } else {
      logResults.push({ key: log.key, status: 'extra' });
      problem(log.key, 'LOG_EXTRA', covered === undefined ? 'no digest of its account and region exists' : 'no digest names it');
    }
  }

  const digestResults: DigestResult[] = [
    ...inScope.map((d) => {
      const own = [...(codes.get(d.key) ?? [])];
      return { key: d.key, chain: d.chain, endTime: d.name.time.toISOString(), status: own.length ? 'invalid' : 'valid', problems: own } as const;
    }),
    ...[...missingDigests].map(([key, m]) => ({
      key,
      chain: m.chain,
      endTime: m.time?.toISOString() ?? '',
      status: 'missing' as const,
      problems: [...(codes.get(key) ?? [])],
    })),
  ].sort((a, b) => a.key.localeCompare(b.key));
  logResults.sort((a, b) => a.key.localeCompare(b.key));
  problems.sort((a, b) => a.key.localeCompare(b.key) || a.code.localeCompare(b.code));

  return {
    source: store.source,
    range: rangeJson(range),
    valid: problems.length === 0,
    digests: digestResults,
    logFiles: logResults,
    problems,
    gaps,
    summary: {
      digests: count(['valid', 'invalid', 'missing'], digestResults.map((d) => d.status)),
      logFiles: count(['valid', 'missing', 'modified', 'unreadable', 'extra', 'pending'], logResults.map((l) => l.status)),
      problems: problems.length,
    },
  };
}
