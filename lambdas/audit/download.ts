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
import { SIGNATURE_SIDECAR_SUFFIX, type TrailStore } from './store.js';

/** What was copied. */
export interface DownloadSummary {
  readonly logFiles: number;
  readonly digests: number;
  /** Digests without signature metadata (their copy cannot be verified unless a newer digest names them). */
  readonly unsigned: readonly string[];
}

/** Copies CloudTrail files of `range` (all when absent) from `source` to `dir`, keeping their keys as paths. */
export async function downloadTrail(source: TrailStore, dir: string, range: TimeRange = {}): Promise<DownloadSummary> {
  let logFiles = 0;
  let digests = 0;
  const unsigned: string[] = [];
  for await (const key of source.list()) {
    const path = trailPath(key);
    const name = path === undefined ? undefined : parseTrailKey(path);
    if (!name || !inRange(range, name.time, name.kind === 'digest' ? DIGEST_LAG_MS : 0)) continue;
    const bytes = await source.read(key);
    if (!bytes) continue;
    const root = resolve(dir);
    const target = resolve(root, ...key.split('/'));
    if (!target.startsWith(root + sep)) throw new AuditError('STORE_READ_FAILED', key, 'key would be written outside the target folder');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    if (name.kind === 'log') {
      logFiles++;
      continue;
    }
    digests++;
    const meta = await source.readSignature(key);
    if (meta) await writeFile(target + SIGNATURE_SIDECAR_SUFFIX, sidecarJson(meta));
    else unsigned.push(key);
  }
  return { logFiles, digests, unsigned };
}
