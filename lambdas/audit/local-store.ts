/** A trail store over a local folder laid out like the trail's bucket (or a prefix of it). */
import { opendir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { AuditError } from './errors.js';
import { SIGNATURE_SIDECAR_SUFFIX, type SignatureMetadata, type TrailStore } from './store.js';

const SidecarSchema = z.object({ signature: z.string().min(1), 'signature-algorithm': z.string().min(1) });

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Reads trail files under `root`; keys are `/`-separated paths relative to it. */
export class LocalTrailStore implements TrailStore {
  readonly source: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.source = root;
  }

  private path(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new AuditError('STORE_READ_FAILED', key, 'key leaves the trail folder');
    return path;
  }

  async *list(): AsyncIterable<string> {
    const walk = async function* (dir: string, prefix: string): AsyncGenerator<string> {
      let handle;
      try {
        handle = await opendir(dir);
      } catch (error) {
        throw new AuditError('STORE_READ_FAILED', dir, (error as Error).message, { cause: error });
      }
      const names: { name: string; dir: boolean }[] = [];
      for await (const entry of handle) {
        if (entry.isDirectory()) names.push({ name: entry.name, dir: true });
        else if (entry.isFile() && !entry.name.endsWith(SIGNATURE_SIDECAR_SUFFIX)) names.push({ name: entry.name, dir: false });
      }
      names.sort((a, b) => a.name.localeCompare(b.name));
      for (const { name, dir: isDir } of names) {
        if (isDir) yield* walk(join(dir, name), `${prefix}${name}/`);
        else yield `${prefix}${name}`;
      }
    };
    yield* walk(this.root, '');
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new AuditError('STORE_READ_FAILED', key, (error as Error).message, { cause: error });
    }
  }

  async readSignature(key: string): Promise<SignatureMetadata | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(key) + SIGNATURE_SIDECAR_SUFFIX, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new AuditError('STORE_READ_FAILED', key + SIGNATURE_SIDECAR_SUFFIX, (error as Error).message, { cause: error });
    }
    return parseSidecar(text, key + SIGNATURE_SIDECAR_SUFFIX);
  }
}

/** A sidecar's signature metadata; AuditError SIGNATURE_METADATA_INVALID naming `subject` when malformed. */
export function parseSidecar(text: string, subject: string): SignatureMetadata {
  let parsed;
  try {
    parsed = SidecarSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    throw new AuditError(
      'SIGNATURE_METADATA_INVALID',
      subject,
      'expected {"signature": hex, "signature-algorithm": "SHA256withRSA"}',
    );
  }
  return { signature: parsed.data.signature, algorithm: parsed.data['signature-algorithm'] };
}

/** The sidecar's content for a digest's S3 metadata (what `shredlock audit download` writes). */
export function sidecarJson(meta: SignatureMetadata): string {
  return JSON.stringify({ signature: meta.signature, 'signature-algorithm': meta.algorithm }, null, 2) + '\n';
}
