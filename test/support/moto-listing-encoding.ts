/**
 * A hand-written shim for what moto lacks: moto 5.2 ignores `encoding-type=url` on
 * ListObjectVersions (it honours it on ListObjectsV2) and writes keys into the XML as they are, so
 * a carriage return in a key reaches the SDK's XML parser raw and comes out as a line feed. S3
 * URL-encodes the keys, the markers and the prefix and says `<EncodingType>url</EncodingType>`.
 * This middleware does that to moto's raw answer before the SDK parses it, so tests exercise the
 * decoding S3 calls for. It is only added to clients made by motoS3(); clients made from the
 * environment (CLI, Lambda handlers on moto) see moto as it is.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

const ENCODED_ELEMENTS = ['Key', 'KeyMarker', 'NextKeyMarker', 'Prefix'] as const;

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] as string;
  });
}

/** S3's form of URL encoding in listings: `/` kept, everything else outside the unreserved set as %XX. */
function s3Encode(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Rewrites one raw ListVersionsResult the way S3 answers `encoding-type=url`. */
export function encodeListVersionsXml(xml: string): string {
  if (xml.includes('<EncodingType>')) return xml;
  let out = xml;
  for (const element of ENCODED_ELEMENTS) {
    out = out.replace(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'), (_m, text: string) => `<${element}>${s3Encode(xmlUnescape(text))}</${element}>`);
  }
  return out.replace(/(<ListVersionsResult[^>]*>)/, '$1<EncodingType>url</EncodingType>');
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Adds the shim to `s3` (see the module doc); returns it. */
export function encodeMotoVersionListings(s3: S3Client): S3Client {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const request = (args as { request?: { query?: Record<string, unknown> } }).request;
      if (context.commandName !== 'ListObjectVersionsCommand' || request?.query?.['encoding-type'] !== 'url') return next(args);
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== 200) return result;
      const xml = (await readAll(response.body)).toString('utf8');
      response.body = Readable.from([Buffer.from(encodeListVersionsXml(xml), 'utf8')]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'moto-encode-version-listings' },
  );
  return s3;
}
