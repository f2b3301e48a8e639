/**
 * The manifest of the object versions a key covered: what a destruction certificate proves was
 * destroyed. A record for auditors (it holds object keys), stored next to the certificate; the
 * certificate carries its SHA-256, so either can be checked against the other and against a
 * listing or an Inventory.
 *
 * Format (UTF-8 text): one line per version, `<key>\t<versionId>\t<etag>\n`; in the key, `\` is
 * written `\\`, tab `\t`, newline `\n` and carriage return `\r` (so each line splits in three);
 * the ETag is written without its quotes; lines are sorted by their UTF-8 bytes. An empty
 * manifest is the empty string.
 */
import { createHash } from 'node:crypto';

/** What a manifest line is made of. */
export interface ManifestVersion {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly size: number;
}

/** A manifest and its summary. */
export interface Manifest {
  readonly text: string;
  /** SHA-256 of `text` (UTF-8), hex. */
  readonly sha256: string;
  readonly count: number;
  readonly bytes: number;
}

/** Description of the format, for the certificate. */
export const MANIFEST_FORMAT =
  'UTF-8 lines "<key>\\t<versionId>\\t<etag>\\n", key with \\\\ \\t \\n \\r escaped, ETag unquoted, lines sorted by UTF-8 bytes';

/** A key with `\`, tab, newline and carriage return escaped. */
export function escapeManifestKey(key: string): string {
  return key.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One line of the manifest. */
export function manifestLine(v: Omit<ManifestVersion, 'size'>): string {
  return `${escapeManifestKey(v.key)}\t${v.versionId}\t${v.etag.replace(/^"|"$/g, '')}\n`;
}

/** Builds the manifest of `versions` (any order). */
export function buildManifest(versions: readonly ManifestVersion[]): Manifest {
  const lines = versions.map((v) => Buffer.from(manifestLine(v), 'utf8')).sort(Buffer.compare);
  const text = Buffer.concat(lines).toString('utf8');
  return {
    text,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    count: versions.length,
    bytes: versions.reduce((n, v) => n + v.size, 0),
  };
}
