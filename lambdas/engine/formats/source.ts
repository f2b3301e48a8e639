/** Where an object's bytes come from: a local file, an S3 object version, or an archive member. */
export interface Source {
  /** File name or object key, used only to guess a format from its extension. Never logged. */
  readonly name: string;
  /** Size in bytes, when known before reading. */
  readonly size?: number;
  /** Local path, when the object is a file (lets the zip reader seek instead of buffering). */
  readonly path?: string;
  /** Opens a fresh stream of the object's bytes. May be called more than once. */
  open(): AsyncIterable<Uint8Array>;
  /**
   * A byte range of a text object (the scanner's ranged scan): a SQL dump or an HTML page in it is
   * read as plain text, line by line, as the range was cut (their readers need the whole object).
   */
  readonly plainText?: boolean;
  /**
   * An object beside this one (in its folder, under its prefix) by name, undefined when there is
   * none: for a format whose parts lie in files side by side (pg_dump's directory format keeps a
   * table's rows in `3340.dat.gz` and their columns in the `toc.dat` beside it).
   */
  sibling?(name: string): Promise<Source | undefined>;
}

/** Limits against zip bombs and runaway files. */
export interface ReadLimits {
  /** Deepest nesting of containers (a zip in a gzip in a zip is depth 3). */
  readonly maxDepth: number;
  /**
   * Most members read from all containers of one object (files of a zip, tar, 7z or RAR, messages
   * of an mbox, attachments). Members are read one after another; lists held in memory at once are
   * bounded by `listedMembers`.
   */
  readonly maxEntries: number;
  /** Most decompressed bytes read from all containers of one object. */
  readonly maxTotalBytes: number;
  /** Highest decompressed/compressed ratio of one member. */
  readonly maxRatio: number;
  /** Largest member or file held in memory at once (zip members without a path, DOCX, PDF, XLSX). */
  readonly maxBufferedBytes: number;
}

/**
 * Defaults: generous for real exports, tight enough to stop a zip bomb early. A backup of a file
 * server or a mailbox export holds far more than ten thousand files or messages: members, read one
 * at a time, go up to a million (as Macie opens archives of up to 1,000,000 files).
 */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxDepth: 4,
  maxEntries: 1_000_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  maxBufferedBytes: 256 * 1024 ** 2,
};

/** Most members a reader holds in a list at once, whatever `maxEntries` allows. */
export const MAX_LISTED_MEMBERS = 10_000;

/**
 * How many members may be listed in memory at once: an office package's parts, the names a zip is
 * sniffed by, the MIME parts of one message. A document has tens of parts, not thousands.
 */
export function listedMembers(limits: ReadLimits): number {
  return Math.min(limits.maxEntries, MAX_LISTED_MEMBERS);
}
