/**
 * The trail store: where CloudTrail log and digest files are read from. A local folder (as
 * `aws s3 sync` or `shredlock audit download` leave it) and an S3 bucket implement it.
 */

/** The S3 object metadata CloudTrail sets on each digest file (`x-amz-meta-signature`, `x-amz-meta-signature-algorithm`). */
export interface SignatureMetadata {
  /** Hex-encoded RSA signature of the digest. */
  readonly signature: string;
  /** `SHA256withRSA` for every digest CloudTrail has delivered so far. */
  readonly algorithm: string;
}

/**
 * Read access to a trail's files. Keys are `/`-separated and name objects as the store holds them
 * (a folder-relative path, or the full S3 key); the verifier maps them to CloudTrail's layout.
 */
export interface TrailStore {
  /** Where the files come from, for reports: a folder path or `s3://bucket/prefix`. */
  readonly source: string;
  /** The S3 bucket the keys are in, when known: digests name their bucket and it must match. */
  readonly bucket?: string;
  /** Every object key in the store, sidecar files excluded. */
  list(): AsyncIterable<string>;
  /** An object's bytes, or `undefined` when it does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** A digest's signature metadata, or `undefined` when the object or its metadata is absent. */
  readSignature(key: string): Promise<SignatureMetadata | undefined>;
}

/**
 * Suffix of the sidecar file that holds a digest's S3 metadata in a local folder:
 * `<digest file>.metadata.json` = `{ "signature": hex, "signature-algorithm": "SHA256withRSA" }`.
 * A folder copy loses S3 metadata, and without it the newest digest cannot be verified.
 */
export const SIGNATURE_SIDECAR_SUFFIX = '.metadata.json';
