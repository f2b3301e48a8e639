/**
 * Copies a trail's log and digest files from one store (usually S3) into a local folder, with each
 * digest's signature metadata in a sidecar file, so the copy can be verified offline later.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { AuditError } from './errors.js';
import { parseTrailKey, trailPath } from './layout.js';
import { sidecarJson } from './local-store.js';
import { DIGEST_LAG_MS, inRange, type TimeRange } from './range.js';
import { SIGNATURE_SIDECAR_SUFFIX, type SignatureMetadata, type TrailStore } from './store.js';

/** What was copied. */
export interface DownloadSummary {
  readonly logFiles: number;
  readonly digests: number;
  /** Digests without signature metadata (their copy cannot be verified unless a newer digest names them). */
  readonly unsigned: readonly string[];
}

/** One trail file of a range, with a digest's signature metadata when S3 has it. */
export interface TrailFile {
  readonly key: string;
  readonly kind: 'log' | 'digest';
  readonly bytes: Uint8Array;
  readonly signature?: SignatureMetadata;
}

/** Every CloudTrail file of `range` (all when absent) in `source`; digests up to DIGEST_LAG_MS past its end. */
export async function* trailFiles(source: TrailStore, range: TimeRange = {}): AsyncGenerator<TrailFile> {
  for await (const key of source.list()) {
    const path = trailPath(key);
    const name = path === undefined ? undefined : parseTrailKey(path);
    if (!name || !inRange(range, name.time, name.kind === 'digest' ? DIGEST_LAG_MS : 0)) continue;
    const bytes = await source.read(key);
    if (!bytes) continue;
    const signature = name.kind === 'digest' ? await source.readSignature(key) : undefined;
    yield { key, kind: name.kind, bytes, ...(signature ? { signature } : {}) };
  }
}

/** Copies CloudTrail files of `range` (all when absent) from `source` to `dir`, keeping their keys as paths. */
export async function downloadTrail(source: TrailStore, dir: string, range: TimeRange = {}): Promise<DownloadSummary> {
  let logFiles = 0;
  let digests = 0;
  const unsigned: string[] = [];
  const root = resolve(dir);
  for await (const { key, kind, bytes, signature } of trailFiles(source, range)) {
    const target = resolve(root, ...key.split('/'));
    if (!target.startsWith(root + sep)) throw new AuditError('STORE_READ_FAILED', key, 'key would be written outside the target folder');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    if (kind === 'log') {
      logFiles++;
      continue;
    }
    digests++;
    if (signature) await writeFile(target + SIGNATURE_SIDECAR_SUFFIX, sidecarJson(signature));
    else unsigned.push(key);
  }
  return { logFiles, digests, unsigned };
}
