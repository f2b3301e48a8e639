/**
 * Current object keys under a prefix (ListObjectsV2, all pages), with the folders one level down
 * when a delimiter is given. URL-encoded and decoded once (listed-key.ts): keys and common
 * prefixes alike; continuation tokens are opaque and passed back as they came.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { toS3Error } from './errors.js';
import { keyDecoder, LISTING_ENCODING } from './listed-key.js';

/** What a listing found. */
export interface ListedKeys {
  readonly keys: readonly string[];
  /** Common prefixes (folders, ending with the delimiter); empty without a delimiter. */
  readonly folders: readonly string[];
}

/** Every key (and, with `delimiter`, every folder) under `prefix`. */
export async function listObjectKeys(s3: S3Client, bucket: string, prefix: string, delimiter?: string): Promise<ListedKeys> {
  const keys: string[] = [];
  const folders: string[] = [];
  let token: string | undefined;
  do {
    let out: ListObjectsV2CommandOutput;
    try {
      out = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, EncodingType: LISTING_ENCODING, ContinuationToken: token }),
      );
    } catch (error) {
      throw toS3Error(error, 'ListObjectsV2', { bucket, prefix });
    }
    const decode = keyDecoder(out.EncodingType, 'ListObjectsV2', bucket);
    for (const o of out.Contents ?? []) if (o.Key) keys.push(decode(o.Key));
    for (const p of out.CommonPrefixes ?? []) if (p.Prefix) folders.push(decode(p.Prefix));
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return { keys, folders };
}
