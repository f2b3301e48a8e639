/**
 * Reads an S3 Inventory report in CSV format exactly as S3 delivers it (AWS S3 User Guide,
 * "Locating your inventory list" and "Amazon S3 inventory list"):
 *
 * | Object                      | Key in the destination bucket                                                 |
 * |-----------------------------|-------------------------------------------------------------------------------|
 * | manifest                    | `<prefix>/<source-bucket>/<config-id>/<YYYY-MM-DDTHH-MMZ>/manifest.json`      |
 * | MD5 of the manifest (hex)   | `<prefix>/<source-bucket>/<config-id>/<YYYY-MM-DDTHH-MMZ>/manifest.checksum`  |
 * | data files                  | the `files[].key` of the manifest (`.../data/<uuid>.csv.gz`)                  |
 *
 * manifest.json: `sourceBucket`, `destinationBucket` (`arn:aws:s3:::<bucket>`), `version`
 * (`2016-11-30`), `creationTimestamp` (epoch milliseconds, as a string: when S3 began scanning the
 * bucket), `fileFormat` (`CSV`), `fileSchema` (the column names, `", "`-separated, in file order) and
 * `files[]` of `{ key, size, MD5checksum }`. A data file is gzip CSV with no header row, every
 * field in double quotes; the object key is URL-encoded form style (space as `+`, `+` as `%2B`).
 *
 * Data files are streamed (never held whole): MD5 and size are computed over the compressed bytes
 * as they pass and compared with the manifest when the file ends. The caller must not trust rows of
 * a file whose check failed: the result says so, it does not throw. S3 errors other than "not
 * found" throw S3Error (throttling and outages fail the run, which is tried again).
 *
 * `csv-parse` is not installed; the splitter here is deliberately minimal and handles only this
 * documented shape (RFC 4180 quoting, `""` inside quotes, no line breaks inside fields: keys are
 * URL-encoded).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { decodeFormKey } from '../aws/listed-key.js';
import { listObjectKeys } from '../aws/object-keys.js';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { toS3Error } from '../aws/errors.js';

/** Where inventory reports are read from: the S3 destination bucket, or files in tests. */
export interface InventoryStore {
  /** Bucket name, for `s3://` references and the manifest's `destinationBucket`. */
  readonly bucket: string;
  /** The "folders" directly under `prefix` (full prefixes ending in `/`), every page. */
  listFolders(prefix: string): Promise<string[]>;
  /** The object's bytes as a stream; undefined when it does not exist. */
  open(key: string): Promise<Readable | undefined>;
}

/** An InventoryStore on an S3 bucket (ListObjectsV2 with a delimiter, URL-encoded; GetObject). */
export function s3InventoryStore(s3: S3Client, bucket: string): InventoryStore {
  return {
    bucket,
    async listFolders(prefix) {
      return [...(await listObjectKeys(s3, bucket, prefix, '/')).folders];
    },
    async open(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the SDK's streaming body is an http.IncomingMessage (a Readable).
        return (out.Body as Readable | undefined) ?? Readable.from([]);
      } catch (error) {
        const failure = toS3Error(error, 'GetObject', { bucket, record: key });
        if (failure.kind === 'NOT_FOUND') return undefined;
        throw failure;
      }
    },
  };
}

/** The only manifest `version` this reader knows. */
export const INVENTORY_MANIFEST_VERSION = '2016-11-30';

/** The timestamp folder of one delivery, `YYYY-MM-DDTHH-MMZ`. */
export const INVENTORY_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}Z$/;

/** manifest.json, as documented. Extra fields are allowed (S3 may add some). */
export const InventoryManifestSchema = z.looseObject({
  sourceBucket: z.string().min(1),
  destinationBucket: z.string().min(1),
  version: z.string().min(1),
  creationTimestamp: z.string().regex(/^\d{1,16}$/, 'epoch milliseconds'),
  fileFormat: z.string().min(1),
  fileSchema: z.string().min(1),
  files: z.array(
    z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative(),
      MD5checksum: z.string().regex(/^[0-9a-fA-F]{32}$/, 'hex MD5'),
    }),
  ),
});

/** A parsed manifest.json. */
export type InventoryManifest = z.output<typeof InventoryManifestSchema>;

/** One data file of a manifest. */
export type InventoryFile = InventoryManifest['files'][number];

/** The manifest of one delivery, as found. */
export interface FoundManifest {
  /** Key of manifest.json. */
  readonly key: string;
  readonly bytes: Buffer;
  /** Content of manifest.checksum (trimmed), undefined when it is missing. */
  readonly checksum?: string;
}

/** `<prefix>/<source-bucket>/<config-id>/`; an empty prefix or trailing slashes are tolerated. */
export function inventoryRoot(prefix: string, sourceBucket: string, configId: string): string {
  const p = prefix.replace(/\/+$/, '');
  return `${p ? `${p}/` : ''}${sourceBucket}/${configId}/`;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The newest delivery under `root` that has a manifest.json (a folder appears before its manifest
 * is written), looking at most `tries` folders back. Undefined when there is none.
 */
export async function findLatestManifest(store: InventoryStore, root: string, tries = 3): Promise<FoundManifest | undefined> {
  const folders = (await store.listFolders(root))
    .map((f) => f.slice(root.length).replace(/\/$/, ''))
    .filter((name) => INVENTORY_FOLDER.test(name))
    .sort()
    .reverse()
    .slice(0, tries);
  for (const folder of folders) {
    const key = `${root}${folder}/manifest.json`;
    const body = await store.open(key);
    if (!body) continue;
    const bytes = await readAll(body);
    const sum = await store.open(`${root}${folder}/manifest.checksum`);
    const checksum = sum ? (await readAll(sum)).toString('utf8').trim() : undefined;
    return { key, bytes, ...(checksum !== undefined ? { checksum } : {}) };
  }
  return undefined;
}

/** MD5 of bytes, lowercase hex. */
export function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** The column names of a CSV `fileSchema` (`"Bucket, Key, VersionId, ..."`). */
export function schemaColumns(fileSchema: string): string[] {
  return fileSchema.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
}

/**
 * Splits one CSV line into fields (RFC 4180 quoting; `""` is a quote inside a quoted field).
 * Undefined when the quoting is broken. Only for the inventory's documented shape (module doc).
 */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) return undefined;
      fields.push(value);
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return fields;
    if (line[i] !== ',') return undefined;
    i++;
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

/** The object key of an inventory CSV row (form URL-encoded: `+` is a space); undefined when malformed. */
export function decodeInventoryKey(raw: string): string | undefined {
  return decodeFormKey(raw);
}

/** What streaming one data file found. */
export interface FileReadResult {
  /** MD5 of the compressed bytes, lowercase hex. */
  readonly md5: string;
  /** Compressed bytes read. */
  readonly size: number;
  /** Lines handed to `onRow`. */
  readonly lines: number;
  /** Set when the file is missing or could not be decompressed. */
  readonly failure?: 'missing' | 'unreadable';
}

/**
 * Streams one gzip CSV data file, calling `onRow` with the fields of each non-empty line (undefined
 * for a line whose quoting is broken). Never throws for a bad file: see `failure` and `md5`.
 */
export async function readInventoryFile(
  store: InventoryStore,
  file: InventoryFile,
  onRow: (fields: string[] | undefined) => void,
): Promise<FileReadResult> {
  const body = await store.open(file.key);
  const hash = createHash('md5');
  let size = 0;
  let lines = 0;
  if (!body) return { md5: hash.digest('hex'), size, lines, failure: 'missing' };
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const handle = (line: string) => {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.length === 0) return;
    lines++;
    onRow(splitCsvLine(trimmed));
  };
  try {
    await pipeline(body, tap, createGunzip(), async (source: AsyncIterable<Buffer>) => {
      const decoder = new StringDecoder('utf8');
      let rest = '';
      for await (const chunk of source) {
        const text = rest + decoder.write(chunk);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          handle(text.slice(start, nl));
          start = nl + 1;
        }
        rest = text.slice(start);
      }
      handle(rest + decoder.end());
    });
  } catch {
    // A broken gzip stream or a connection lost mid-file: the file proves nothing.
    return { md5: hash.digest('hex'), size, lines, failure: 'unreadable' };
  }
  return { md5: hash.digest('hex'), size, lines };
}
