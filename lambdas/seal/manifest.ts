/**
 * The manifest of a seal: every object version listed under the prefix, one line each,
 *
 *     <key>\t<versionId>\t<etag>\n
 *
 * sorted by the lines' UTF-8 bytes (what `LC_ALL=C sort` does), the ETag without its quotes. In
 * keys, `\` `TAB` `LF` `CR` are written `\\` `\t` `\n` `\r`, so every line splits into three fields.
 * The seal record holds the SHA-256 of the manifest's bytes: `sha256sum manifest.tsv` checks it.
 * Pure functions: no AWS calls.
 */
import { createHash } from 'node:crypto';

/** One object version in a manifest. */
export interface ManifestEntry {
  readonly key: string;
  readonly versionId: string;
  /** Without quotes. */
  readonly etag: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Readonly<Record<string, string>> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A key as written in a manifest line. */
export function escapeKey(key: string): string {
  return key.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]);
}

/** A key as read from a manifest line; undefined for a malformed escape. */
export function unescapeKey(text: string): string | undefined {
  let bad = false;
  const key = text.replace(/\\(.?)/gs, (_, c: string) => {
    const out = UNESCAPES[c];
    if (out === undefined) bad = true;
    return out ?? '';
  });
  return bad ? undefined : key;
}

function line(entry: ManifestEntry): string {
  return `${escapeKey(entry.key)}\t${entry.versionId}\t${entry.etag}\n`;
}

/** The manifest text of `entries` (any order in, sorted out). */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  return entries
    .map((e) => Buffer.from(line(e), 'utf8'))
    .sort(Buffer.compare)
    .map((b) => b.toString('utf8'))
    .join('');
}

/** Hex SHA-256 of a manifest's text, as UTF-8. */
export function manifestSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The entries of a manifest text; undefined when a line is not `key\tversionId\tetag`. */
export function parseManifest(text: string): ManifestEntry[] | undefined {
  if (text === '') return [];
  if (!text.endsWith('\n')) return undefined;
  const entries: ManifestEntry[] = [];
  for (const row of text.slice(0, -1).split('\n')) {
    const fields = row.split('\t');
    if (fields.length !== 3 || fields[1] === '') return undefined;
    const key = unescapeKey(fields[0]);
    if (key === undefined || key === '') return undefined;
    entries.push({ key, versionId: fields[1], etag: fields[2] });
  }
  return entries;
}
