/**
 * A scan `Source` over one S3 object version: each `open()` is a fresh, streamed GetObject pinned
 * to the version id, so a newer upload under the same key can never be read by mistake.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Source } from '../engine/formats/source.js';
import { toS3Error } from '../aws/errors.js';
import { versionIds, type ObjectVersionRef } from '../aws/object-ref.js';
import { listVersionPage } from '../aws/object-versions.js';

/**
 * A Source reading `ref` from S3; `size` comes from the listing or HeadObject when known. Its
 * sibling is the current version of the key beside it (ListObjectVersions under that key, read
 * pinned to the version listed; none when a delete marker is newer).
 */
export function s3VersionSource(s3: S3Client, ref: ObjectVersionRef, size?: number): Source {
  return {
    name: ref.key,
    size,
    open: () => streamVersion(s3, ref),
    sibling: async (name) => {
      const key = `${ref.key.slice(0, ref.key.lastIndexOf('/') + 1)}${name}`;
      const { versions } = await listVersionPage(s3, ref.bucket, { prefix: key, pageSize: 100 });
      const current = versions.find((version) => version.key === key && version.latest);
      return current === undefined ? undefined : s3VersionSource(s3, { bucket: ref.bucket, key, versionId: current.versionId }, current.size);
    },
  };
}

/**
 * The bytes of `ref` from byte `from` to `to` (inclusive), or to the end without `to`, streamed.
 * Stopping early (`return()`) closes the connection.
 */
export async function* streamVersion(s3: S3Client, ref: ObjectVersionRef, from?: number, to?: number): AsyncGenerator<Uint8Array> {
  let body: Readable | undefined;
  const range = from === undefined ? undefined : `bytes=${from}-${to ?? ''}`;
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId, Range: range }),
    );
    // In Node the SDK's streaming body is an http.IncomingMessage (a Readable).
    body = response.Body as Readable | undefined;
  } catch (error) {
    throw toS3Error(error, 'GetObject', versionIds(ref));
  }
  if (!body) return;
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (error) {
    throw toS3Error(error, 'GetObject', versionIds(ref));
  } finally {
    // A reader that stops early (a format limit, an error) must not leave the socket open.
    if (!body.readableEnded) body.destroy();
  }
}
