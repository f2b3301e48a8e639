/**
 * CloudTrail's S3 layout: where log and digest files live and what their names say.
 *
 *   [prefix/]AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<rand>.json.gz
 *   [prefix/]AWSLogs/[o-org/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>[_backfill].json.gz
 *
 * The part from `AWSLogs/` on is the "trail path": the same whether the files sit in the bucket,
 * under a key prefix or in a local copy, so it is what keys are matched on.
 */

const ORG = '(?:(o-[a-z0-9]{10,32})/)?';
const LOG_FILE = new RegExp(
  `^AWSLogs/${ORG}(\\d{12})/CloudTrail/([a-z0-9-]+)/\\d{4}/\\d{2}/\\d{2}/\\2_CloudTrail_\\3_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]+\\.json\\.gz$`,
);
const DIGEST_FILE = new RegExp(
  `^AWSLogs/${ORG}(\\d{12})/CloudTrail-Digest/([a-z0-9-]+)/\\d{4}/\\d{2}/\\d{2}/\\2_CloudTrail-Digest_\\3_(.+)_([a-z0-9-]+)_(\\d{8}T\\d{6}Z)(_backfill)?\\.json\\.gz$`,
);
const TRAIL_PATH = /(?:^|\/)(AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?\d{12}\/CloudTrail(?:-Digest)?\/.*)$/;

/** A CloudTrail log file, from its key. */
export interface LogFileName {
  readonly kind: 'log';
  readonly account: string;
  readonly region: string;
  readonly organization?: string;
  /** The timestamp in the name: the newest event in the file, to the minute. */
  readonly time: Date;
}

/** A CloudTrail digest file, from its key. */
export interface DigestFileName {
  readonly kind: 'digest';
  readonly account: string;
  /** Region the digest was delivered from. */
  readonly region: string;
  readonly trail: string;
  /** Region the trail was created in. */
  readonly homeRegion: string;
  readonly organization?: string;
  /** The digest's end time, from its name. */
  readonly time: Date;
  /** Backfill digests (`_backfill`) cover late log files and form their own chain. */
  readonly backfill: boolean;
}

/** The key from `AWSLogs/` on, or `undefined` when the key is not in CloudTrail's layout. */
export function trailPath(key: string): string | undefined {
  return TRAIL_PATH.exec(key)?.[1];
}

/** The key prefix in front of the trail path (`''` when there is none). */
export function keyPrefix(key: string): string {
  const path = trailPath(key);
  return path === undefined ? '' : key.slice(0, key.length - path.length);
}

/** Parses CloudTrail's compact UTC timestamps: `20150817T1445Z` and `20150817T150131Z`. */
export function parseCompactTime(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(stamp);
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)));
}

/** What a key names: a log file, a digest file, or `undefined` for anything else. */
export function parseTrailKey(key: string): LogFileName | DigestFileName | undefined {
  const path = trailPath(key);
  if (path === undefined) return undefined;
  const log = LOG_FILE.exec(path);
  if (log) {
    const [, organization, account, region, stamp] = log;
    return { kind: 'log', account, region, time: parseCompactTime(stamp), ...(organization ? { organization } : {}) };
  }
  const digest = DIGEST_FILE.exec(path);
  if (digest) {
    const [, organization, account, region, trail, homeRegion, stamp, backfill] = digest;
    return {
      kind: 'digest',
      account,
      region,
      trail,
      homeRegion,
      time: parseCompactTime(stamp),
      backfill: backfill !== undefined,
      ...(organization ? { organization } : {}),
    };
  }
  return undefined;
}
