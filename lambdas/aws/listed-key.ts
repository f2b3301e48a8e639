/**
 * Object keys as listings return them. Every ShredLock listing asks S3 for `EncodingType: 'url'`:
 * without it S3 writes keys into XML as they are, and an XML parser rewrites what XML cannot
 * carry (a carriage return becomes a line feed), so a listed key would name another object.
 * With it, S3 URL-encodes every key (and markers and prefixes) in the answer, and says so in the
 * answer's own `EncodingType`. Keys are decoded here, once, and only when the answer says they
 * were encoded (a server that ignores the request parameter sends them as they are).
 */
import { toS3Error } from './errors.js';

/** The encoding every listing asks for. */
export const LISTING_ENCODING = 'url' as const;

/**
 * Decodes a form-style URL-encoded key, as S3 writes keys into listings and inventory files: `+`
 * is a space, `%XX` are UTF-8 bytes. Undefined when it does not decode.
 */
export function decodeFormKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Decodes one URL-encoded key of a listing: `+` is a space (S3 form-encodes), `%XX` are UTF-8
 * bytes. Throws an S3Error (`InvalidEncodedKey`) when it does not decode: a key that cannot be
 * named must never be skipped.
 */
export function decodeListedKey(encoded: string, operation: string, bucket: string): string {
  const key = decodeFormKey(encoded);
  if (key === undefined) throw toS3Error({ name: 'InvalidEncodedKey' }, operation, { bucket });
  return key;
}

/** The decoder for one answer: decodeListedKey when it says its keys are URL-encoded, identity otherwise. */
export function keyDecoder(answerEncoding: string | undefined, operation: string, bucket: string): (key: string) => string {
  return answerEncoding === LISTING_ENCODING ? (key) => decodeListedKey(key, operation, bucket) : (key) => key;
}
