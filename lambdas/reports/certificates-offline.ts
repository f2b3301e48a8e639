/**
 * Destruction certificates checked offline, from files: a folder copied from the records bucket
 * (`aws s3 cp --recursive s3://<records>/certificates/<vault>/ DIR`) or the `certificates/` part
 * of an evidence pack. Each certificate is checked against the manifest it cites and its closing
 * records (assessCertificate); the key's state in KMS is not asked, so only problems of the records
 * themselves are reported, and the status is the closing record's (`destroyed` with a completion,
 * `cancelled` with a cancellation, else `unknown`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificatePrefix } from '../../contract/naming.js';
import { assessCertificate, parseS3Url, type CertificateAssessment, type KeyObservation } from './certificates.js';

/** What offline checking says of the key: nobody asked KMS. */
export const OFFLINE_KEY: KeyObservation = { state: 'not asked (offline)' };

/** Problems about the records themselves, not about the key's state now. */
const RECORD_PROBLEM = /^(MANIFEST_|CERTIFICATE_|CLOSING_RECORD_INVALID$|CLOSING_RECORD_MISMATCH$|CLOSING_RECORDS_CONFLICT$)/;

const CERTIFICATE_FILE = /^(\d{4}-\d{2})\/([A-Za-z0-9-]+)\.json$/;

/** One certificate checked offline, with the files it was read from (relative to the folder). */
export interface OfflineAssessment {
  readonly assessment: CertificateAssessment;
  readonly file: string;
  readonly manifestFile: string;
}

/**
 * Checks every `<epoch>/<key-id>.json` among `files` (relative path -> text, rooted at the vault's
 * certificates folder). The cited manifest is found by its key under `certificates/<vault>/`.
 */
export function assessCertificatesOffline(vault: string, files: ReadonlyMap<string, string>): OfflineAssessment[] {
  const out: OfflineAssessment[] = [];
  for (const file of [...files.keys()].sort()) {
    const m = CERTIFICATE_FILE.exec(file);
    if (!m) continue;
    const stem = file.slice(0, -'.json'.length);
    const certificate = files.get(file) as string;
    let manifestFile = `${stem}.manifest.tsv`;
    try {
      const cited = parseS3Url((JSON.parse(certificate) as { objects?: { manifestKey?: string } }).objects?.manifestKey ?? '');
      const prefix = certificatePrefix(vault);
      if (cited?.key.startsWith(prefix)) manifestFile = cited.key.slice(prefix.length);
    } catch {
      // assessCertificate reports the certificate itself as invalid
    }
    const completion = files.get(`${stem}.completion.json`);
    const cancellation = files.get(`${stem}.cancellation.json`);
    const assessed = assessCertificate(
      {
        vault,
        epoch: m[1],
        keyId: m[2],
        certificateUrl: file,
        certificate,
        ...(completion !== undefined ? { completion } : {}),
        ...(cancellation !== undefined ? { cancellation } : {}),
        manifest: files.get(manifestFile) ?? null,
      },
      OFFLINE_KEY,
    );
    const status = assessed.closing === 'completion' ? 'destroyed' : assessed.closing === 'cancellation' ? 'cancelled' : 'unknown';
    out.push({ assessment: { ...assessed, status, problems: assessed.problems.filter((p) => RECORD_PROBLEM.test(p.code)) }, file, manifestFile });
  }
  return out;
}

/** Every file under `dir` (relative `/`-separated path -> UTF-8 text). */
export async function readFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.replace(/\/+$/, '').length + 1).split('\\').join('/'), await readFile(path, 'utf8'));
  }
  return files;
}
