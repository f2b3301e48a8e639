/**
 * Test trails built at test time (never committed): CloudTrail log files and digest files signed
 * with a test RSA key exactly as CloudTrail signs them (see lambdas/audit/digest.ts for the
 * documented format), written in CloudTrail's S3 layout under `test/.out/audit/...`, each digest
 * with its `<digest>.metadata.json` signature sidecar.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SIGNATURE_SIDECAR_SUFFIX } from '../../lambdas/audit/store.js';
import { USER_ARN, iamUser, s3ObjectEvent } from './events.js';

/** Root of generated audit fixtures (git-ignored). */
export const OUT = join('test', '.out', 'audit');

/** An RSA key pair standing in for CloudTrail's regional signing key. */
export interface TestSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** 32 hex characters, like CloudTrail's fingerprints. */
  readonly fingerprint: string;
  /** Base64 PKCS#1 DER, as ListPublicKeys returns `Value`. */
  readonly value: string;
}

/** A fresh 2048-bit key. */
export function signingKey(): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return { privateKey, publicKey, fingerprint: createHash('md5').update(der).digest('hex'), value: der.toString('base64') };
}

/** `aws cloudtrail list-public-keys` output for the keys (CLI v2 prints ISO times). */
export function publicKeysJson(keys: readonly TestSigningKey[], from = '2025-01-01T00:00:00Z', to = '2026-01-01T00:00:00Z'): unknown {
  return { PublicKeyList: keys.map((k) => ({ Value: k.value, ValidityStartTime: from, ValidityEndTime: to, Fingerprint: k.fingerprint })) };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const ymd = (t: Date): string => `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}`;
const compact = (t: Date, seconds: boolean): string =>
  `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${seconds ? pad(t.getUTCSeconds()) : ''}Z`;
const iso = (t: Date): string => t.toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** A log file the builder wrote. */
export interface BuiltLog {
  readonly key: string;
  readonly time: Date;
  readonly content: Buffer;
}

/** A digest the builder wrote. */
export interface BuiltDigest {
  readonly key: string;
  readonly endTime: Date;
  readonly signature: string;
  readonly hash: string;
  readonly json: Record<string, unknown>;
}

/** Options of one digest. */
export interface SealOptions {
  /** Sign with this key instead of the trail's. */
  readonly key?: TestSigningKey;
  /** A starting digest (previous fields null), as after validation was re-enabled. */
  readonly start?: boolean;
}

/** Builds one trail's files in a folder, in the order CloudTrail delivers them. */
export class TrailBuilder {
  readonly account = '111122223333';
  readonly region = 'us-east-1';
  readonly trail = 'shredlock-audit';
  readonly bucket = 'shredlock-trail-111122223333';
  readonly logs: BuiltLog[] = [];
  readonly digests: BuiltDigest[] = [];
  private pending: BuiltLog[] = [];
  private serial = 0;

  constructor(
    readonly dir: string,
    readonly key: TestSigningKey,
    /** The trail's S3 key prefix, with its trailing slash. */
    readonly prefix = '',
  ) {}

  /** Empties the folder. */
  async reset(): Promise<this> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
    return this;
  }

  private async write(key: string, bytes: Uint8Array | string): Promise<void> {
    const path = join(this.dir, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  /** Writes a log file `{ "Records": records }` whose newest event is at `time`. */
  async log(time: Date, records: readonly object[]): Promise<BuiltLog> {
    const rand = `Fx${pad(++this.serial, 4)}abcdEFGH`;
    const key = `${this.prefix}AWSLogs/${this.account}/CloudTrail/${this.region}/${ymd(time)}/${this.account}_CloudTrail_${this.region}_${compact(time, false)}_${rand}.json.gz`;
    const content = Buffer.from(JSON.stringify({ Records: records }));
    await this.write(key, gzipSync(content));
    const built = { key, time, content };
    this.logs.push(built);
    this.pending.push(built);
    return built;
  }

  /** Writes the digest covering the log files written since the last one, ending at `endTime`. */
  async seal(endTime: Date, options: SealOptions = {}): Promise<BuiltDigest> {
    const previous = options.start ? undefined : this.digests[this.digests.length - 1];
    const key = `${this.prefix}AWSLogs/${this.account}/CloudTrail-Digest/${this.region}/${ymd(endTime)}/${this.account}_CloudTrail-Digest_${this.region}_${this.trail}_${this.region}_${compact(endTime, true)}.json.gz`;
    const times = this.pending.map((l) => l.time.getTime());
    const signer = options.key ?? this.key;
    const json: Record<string, unknown> = {
      awsAccountId: this.account,
      digestStartTime: iso(new Date(endTime.getTime() - 3600_000)),
      digestEndTime: iso(endTime),
      digestS3Bucket: this.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signer.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: times.length ? iso(new Date(Math.max(...times))) : null,
      oldestEventTime: times.length ? iso(new Date(Math.min(...times) - 600_000)) : null,
      previousDigestS3Bucket: previous ? this.bucket : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: this.pending.map((l) => ({
        s3Bucket: this.bucket,
        s3Object: l.key,
        hashValue: sha256(l.content),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(l.time),
        oldestEventTime: iso(new Date(l.time.getTime() - 600_000)),
      })),
    };
    const built = await this.writeDigest(key, json, signer);
    this.digests.push(built);
    this.pending = [];
    return built;
  }

  /** Signs and writes digest content as CloudTrail would (also used to forge altered digests). */
  async writeDigest(key: string, json: Record<string, unknown>, signer: TestSigningKey = this.key): Promise<BuiltDigest> {
    const text = JSON.stringify(json);
    const hash = sha256(text);
    const toSign = [json.digestEndTime, `${json.digestS3Bucket}/${json.digestS3Object}`, hash, json.previousDigestSignature ?? 'null'].join('\n');
    const signature = sign('sha256', Buffer.from(toSign), signer.privateKey).toString('hex');
    await this.write(key, gzipSync(text));
    await this.write(key + SIGNATURE_SIDECAR_SUFFIX, JSON.stringify({ signature, 'signature-algorithm': 'SHA256withRSA' }));
    return { key, endTime: new Date(String(json.digestEndTime)), signature, hash, json };
  }

  /** The local path of a key. */
  path(key: string): string {
    return join(this.dir, ...key.split('/'));
  }
}

/** `2025-03-01T<hh>:<mm>:<ss>Z`. */
export function at(hh: number, mm = 0, ss = 0, day = 1): Date {
  return new Date(Date.UTC(2025, 2, day, hh, mm, ss));
}

/**
 * The verification tests' trail in `dir`: three hourly digests (d0, d1, d2) covering four log
 * files of reads by one user (l0 and l1 in d0, l2 in d1, l3 in d2).
 */
export async function fourLogTrail(dir: string, key: TestSigningKey): Promise<TrailBuilder> {
  const b = await new TrailBuilder(dir, key).reset();
  await b.log(at(0, 20), [s3ObjectEvent('GetObject', at(0, 15), iamUser(USER_ARN), 'customers/a.csv')]);
  await b.log(at(0, 45), [s3ObjectEvent('GetObject', at(0, 40), iamUser(USER_ARN), 'customers/b.csv')]);
  await b.seal(at(1, 1, 31));
  await b.log(at(1, 20), [s3ObjectEvent('GetObject', at(1, 10), iamUser(USER_ARN), 'customers/c.csv')]);
  await b.seal(at(2, 1, 31));
  await b.log(at(2, 30), [s3ObjectEvent('GetObject', at(2, 25), iamUser(USER_ARN), 'customers/d.csv')]);
  await b.seal(at(3, 1, 31));
  return b;
}
