/**
 * `shredlock evidence verify`: checks an evidence pack offline, with no AWS call.
 *
 * | check                                                        | problem codes (each on one pack file)          |
 * |--------------------------------------------------------------|------------------------------------------------|
 * | index.json is there and well formed                          | INDEX_MISSING, INDEX_INVALID                   |
 * | every member listed, with the same SHA-256 and size; no path | PACK_FILE_MODIFIED, PACK_FILE_MISSING,         |
 * | that could leave a folder, no name twice                     | PACK_FILE_EXTRA, PACK_PATH_UNSAFE              |
 * | each certificate against its manifest (SHA-256, line count)  | MANIFEST_HASH_MISMATCH, MANIFEST_COUNT_MISMATCH, |
 * | and its closing records                                      | MANIFEST_MISSING, MANIFEST_MALFORMED, CERTIFICATE_INVALID, CLOSING_RECORD_* |
 * | the tag report's CSV is the JSON's, rendered again           | TAG_REPORT_MISMATCH, TAG_REPORT_INVALID        |
 * | the CloudTrail files, as `audit verify` does, with the keys  | the codes of verify-report.ts, on              |
 * | the pack carries (or `--public-keys`)                        | `trail/files/<key>`; TRAIL_KEYS_INVALID        |
 *
 * index.json cannot protect itself: whoever alters a file can rewrite its hash. What no one can
 * rewrite without CloudTrail's private key is a digest's signature, and what no one can rewrite
 * without breaking the certificate is a manifest: those checks are the pack's anchors, and the
 * pack's SHA-256 (printed by export) is what to compare out of band.
 */
import { assessCertificatesOffline } from '../../reports/certificates-offline.js';
import { renderTagReportCsv, renderTagReportJson } from '../../reports/csv.js';
import type { TagReport } from '../../reports/aggregate.js';
import { isAuditError } from '../errors.js';
import { parsePublicKeys, type TrailPublicKey } from '../public-keys.js';
import { timeRange } from '../range.js';
import { verifyTrail } from '../verify.js';
import type { VerifyResult } from '../verify-report.js';
import { TRAIL_FILES } from './export.js';
import { MemoryTrailStore } from './memory-store.js';
import { INDEX_HTML, INDEX_JSON, PackIndexSchema, sha256Bytes, type PackIndex } from './pack-index.js';
import { readZip } from './zip.js';

/** One problem, on one file of the pack. */
export interface PackProblem {
  readonly code: string;
  /** The pack path (or `index.json`). */
  readonly file: string;
  readonly detail: string;
}

/** What `evidence verify` found. */
export interface PackVerifyReport {
  readonly source: string;
  /** `valid`: something was checked and nothing is wrong; `empty`: the pack holds no evidence file. */
  readonly result: VerifyResult;
  readonly valid: boolean;
  /** SHA-256 of the zip, to compare with the one the exporter printed. */
  readonly sha256: string;
  readonly vault?: string;
  readonly range?: PackIndex['range'];
  /** Whose public keys verified the trail: the pack's own, or the ones given. */
  readonly publicKeys: 'pack' | 'given' | 'none';
  readonly checked: { readonly files: number; readonly certificates: number; readonly digests: number; readonly logFiles: number; readonly tagReports: number };
  readonly problems: readonly PackProblem[];
}

const CERTIFICATES = 'certificates/';

function checkHashes(index: PackIndex, files: ReadonlyMap<string, Buffer>, problem: (p: PackProblem) => void): void {
  const listed = new Set<string>();
  for (const f of index.files) {
    listed.add(f.path);
    const bytes = files.get(f.path);
    if (!bytes) problem({ code: 'PACK_FILE_MISSING', file: f.path, detail: 'listed in index.json, not in the pack' });
    else if (sha256Bytes(bytes) !== f.sha256 || bytes.length !== f.bytes) {
      problem({ code: 'PACK_FILE_MODIFIED', file: f.path, detail: `SHA-256 ${sha256Bytes(bytes)} (${bytes.length} bytes), index.json says ${f.sha256} (${f.bytes} bytes)` });
    }
  }
  for (const path of files.keys()) {
    if (path !== INDEX_JSON && !listed.has(path)) problem({ code: 'PACK_FILE_EXTRA', file: path, detail: 'in the pack, not listed in index.json' });
  }
}

/** Each certificate against its manifest and closing records, all from the pack. */
function checkCertificates(index: PackIndex, files: ReadonlyMap<string, Buffer>, problem: (p: PackProblem) => void): number {
  const folder = new Map<string, string>();
  for (const [path, bytes] of files) if (path.startsWith(CERTIFICATES)) folder.set(path.slice(CERTIFICATES.length), bytes.toString('utf8'));
  const assessed = assessCertificatesOffline(index.vault, folder);
  for (const { assessment, file, manifestFile } of assessed) {
    for (const p of assessment.problems) problem({ code: p.code, file: CERTIFICATES + (p.code.startsWith('MANIFEST_') ? manifestFile : file), detail: p.detail });
  }
  return assessed.length;
}

/** The tag report's CSV must be its JSON rendered again (in the pack's language). */
function checkTagReports(index: PackIndex, files: ReadonlyMap<string, Buffer>, problem: (p: PackProblem) => void): number {
  const jsonText = files.get('tags/tag-report.json')?.toString('utf8');
  if (jsonText === undefined) return 0;
  let report: TagReport;
  try {
    report = JSON.parse(jsonText) as TagReport;
    if (renderTagReportJson(report) !== jsonText) throw new Error('not in the exporter\'s form');
  } catch (error) {
    problem({ code: 'TAG_REPORT_INVALID', file: 'tags/tag-report.json', detail: (error as Error).message });
    return 1;
  }
  // The CSV's format is documented and stable; the HTML page's markup may change between versions,
  // so an older pack's page is checked by its hash only.
  const expected: Record<string, () => string> = {
    'tags/tag-report.csv': () => renderTagReportCsv(report, index.lang),
  };
  for (const [path, render] of Object.entries(expected)) {
    const actual = files.get(path)?.toString('utf8');
    if (actual === undefined) continue;
    let again: string | undefined;
    try {
      again = render();
    } catch (error) {
      problem({ code: 'TAG_REPORT_INVALID', file: 'tags/tag-report.json', detail: `cannot be rendered again: ${(error as Error).message}` });
      return 1;
    }
    if (again !== actual) problem({ code: 'TAG_REPORT_MISMATCH', file: path, detail: 'differs from tags/tag-report.json rendered again' });
  }
  return 1;
}

/** The trail's digests and log files, verified with the given keys or the pack's own. */
async function checkTrail(
  index: PackIndex,
  files: ReadonlyMap<string, Buffer>,
  given: readonly TrailPublicKey[] | undefined,
  problem: (p: PackProblem) => void,
): Promise<{ digests: number; logFiles: number }> {
  const trail = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) if (path.startsWith(TRAIL_FILES)) trail.set(path.slice(TRAIL_FILES.length), bytes);
  if (trail.size === 0 && !index.sources.trailBucket) return { digests: 0, logFiles: 0 };
  let keys = given;
  if (!keys) {
    try {
      keys = parsePublicKeys(JSON.parse(files.get('trail/public-keys.json')?.toString('utf8') ?? 'null'), 'trail/public-keys.json');
    } catch (error) {
      problem({ code: 'TRAIL_KEYS_INVALID', file: 'trail/public-keys.json', detail: isAuditError(error) ? error.message : 'absent or not JSON' });
      keys = [];
    }
  }
  const range = timeRange(index.range.from ? new Date(index.range.from) : undefined, index.range.to ? new Date(index.range.to) : undefined);
  let report;
  try {
    report = await verifyTrail(new MemoryTrailStore(trail, TRAIL_FILES, index.sources.trailBucket), { range, publicKeys: keys });
  } catch (error) {
    if (!isAuditError(error)) throw error;
    problem({ code: 'TRAIL_UNREADABLE', file: `${TRAIL_FILES}${error.subject}`, detail: error.message });
    return { digests: 0, logFiles: 0 };
  }
  for (const p of report.problems) problem({ code: p.code, file: `${TRAIL_FILES}${p.key}`, detail: p.detail });
  return { digests: report.digests.length, logFiles: report.logFiles.length };
}

/** Verifies a pack (see the module doc); throws AuditError PACK_UNREADABLE when it is not a zip. */
export async function verifyPack(zip: Buffer, options: { readonly source: string; readonly publicKeys?: readonly TrailPublicKey[] }): Promise<PackVerifyReport> {
  const problems: PackProblem[] = [];
  const problem = (p: PackProblem): void => void problems.push(p);
  const { files, refused } = await readZip(zip, options.source);
  for (const r of refused) problem({ code: 'PACK_PATH_UNSAFE', file: r.path, detail: r.reason });
  const base = { source: options.source, sha256: sha256Bytes(zip), publicKeys: options.publicKeys ? ('given' as const) : ('none' as const) };
  const indexText = files.get(INDEX_JSON)?.toString('utf8');
  let index: PackIndex | undefined;
  if (indexText === undefined) problem({ code: 'INDEX_MISSING', file: INDEX_JSON, detail: 'the pack has no index.json' });
  else {
    try {
      const parsed = PackIndexSchema.safeParse(JSON.parse(indexText));
      if (parsed.success) index = parsed.data;
      else problem({ code: 'INDEX_INVALID', file: INDEX_JSON, detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch {
      problem({ code: 'INDEX_INVALID', file: INDEX_JSON, detail: 'not JSON' });
    }
  }
  if (!index) {
    return { ...base, result: 'invalid', valid: false, checked: { files: 0, certificates: 0, digests: 0, logFiles: 0, tagReports: 0 }, problems };
  }
  checkHashes(index, files, problem);
  const certificates = checkCertificates(index, files, problem);
  const tagReports = checkTagReports(index, files, problem);
  const trail = await checkTrail(index, files, options.publicKeys, problem);
  const evidence = [...files.keys()].filter((p) => p !== INDEX_JSON && p !== INDEX_HTML).length;
  problems.sort((a, b) => (a.file === b.file ? (a.code < b.code ? -1 : 1) : a.file < b.file ? -1 : 1));
  const result: VerifyResult = problems.length ? 'invalid' : evidence === 0 ? 'empty' : 'valid';
  return {
    ...base,
    publicKeys: options.publicKeys ? 'given' : files.has('trail/public-keys.json') ? 'pack' : 'none',
    result,
    valid: result === 'valid',
    vault: index.vault,
    range: index.range,
    checked: { files: files.size, certificates, tagReports, ...trail },
    problems,
  };
}
