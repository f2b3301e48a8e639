/** A trail store over the trail's S3 bucket: ListObjectsV2, GetObject and HeadObject. */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AuditError } from './errors.js';
import type { SignatureMetadata, TrailStore } from './store.js';

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** Reads trail files from `bucket` under `prefix` (the trail's S3 key prefix, if any); keys are full S3 keys. */
export class S3TrailStore implements TrailStore {
  readonly source: string;
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    prefix = '',
  ) {
    this.prefix = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
    this.source = `s3://${bucket}/${this.prefix}`;
  }

  async *list(): AsyncIterable<string> {
    let ContinuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken }),
        );
      } catch (error) {
        throw new AuditError('STORE_READ_FAILED', this.source, `ListObjectsV2: ${(error as Error).message}`, { cause: error });
      }
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new AuditError('STORE_READ_FAILED', `s3://${this.bucket}/${key}`, `GetObject: ${(error as Error).message}`, { cause: error });
    }
  }

  async readSignature(key: string): Promise<SignatureMetadata | undefined> {
    try {
      // The SDK returns user metadata without the `x-amz-meta-` prefix, keys in lower case.
      const { Metadata } = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const signature = Metadata?.signature;
      return signature ? { signature, algorithm: Metadata?.['signature-algorithm'] ?? '' } : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new AuditError('STORE_READ_FAILED', `s3://${this.bucket}/${key}`, `HeadObject: ${(error as Error).message}`, { cause: error });
    }
  }
}
