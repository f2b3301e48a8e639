/**
 * Shared fixtures of the seal tests: an Object-Lock-enabled vault (no default retention, so a
 * refused delete is the legal hold's doing) and a versioned records bucket on moto, and a leak of
 * synthetic people (generated identifiers with correct checksums, never real people) spread over
 * several objects and versions, some people in more than one place and written more than one way.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { xlsxBuffer } from '../../synthetic/files.js';
import { bankCard, mobile, residentId, uscc } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { CORRUPT_ZIP } from '../scanner/fixtures.js';
import { useMotoS3 } from '../support/moto.js';

export const VAULT = 'vault-seal';
export const RECORDS = 'records-seal';
export const PREFIX = 'leak/2026/';
export const PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/IncidentResponder/alice';
/** Who lifts a seal: never the principal that sealed (four eyes). */
export const UNSEALER = 'arn:aws:iam::123456789012:user/legal-bob';
export const REASON = 'INC-42: customer export sent to the wrong partner';
export const NOW = new Date('2026-11-27T06:30:00.000Z');

/** Versioned, Object-Lock-enabled, no default retention. */
export async function createVault(s3: S3Client, bucket: string = VAULT): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
}

/** A versioned bucket without Object Lock (the records bucket; or a vault that cannot hold). */
export async function createVersionedBucket(s3: S3Client, bucket: string = RECORDS): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}

/** Uploads one version; returns its version id. */
export async function putVersion(s3: S3Client, bucket: string, key: string, body: string | Uint8Array): Promise<string> {
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  if (!out.VersionId) throw new Error('bucket is not versioned');
  return out.VersionId;
}

/** `ON`, `OFF` or undefined (never held), from HeadObject. */
export async function holdOf(s3: S3Client, bucket: string, key: string, versionId: string): Promise<string | undefined> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return head.ObjectLockLegalHoldStatus;
}

/** Sets a hold outside ShredLock (someone's litigation hold). */
export async function setHold(s3: S3Client, bucket: string, key: string, versionId: string, on: boolean): Promise<void> {
  await s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: key, VersionId: versionId, LegalHold: { Status: on ? 'ON' : 'OFF' } }));
}

/** Every object version in a bucket (delete markers left out). */
export async function allVersions(s3: S3Client, bucket: string): Promise<{ key: string; versionId: string; etag: string; size: number }[]> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return (out.Versions ?? []).map((v) => ({ key: v.Key ?? '', versionId: v.VersionId ?? '', etag: (v.ETag ?? '').replace(/"/g, ''), size: v.Size ?? 0 }));
}

/** The text of every version of every object in a bucket, by `key@versionId`. */
export async function allTexts(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const v of await allVersions(s3, bucket)) texts.set(`${v.key}@${v.versionId}`, await textOf(s3, bucket, v.key, v.versionId));
  return texts;
}

/** The text of one object (latest version unless given). */
export async function textOf(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

/** Versioned delete of one version; the HTTP status S3 answered (204 done, 403 refused). */
export async function deleteVersionStatus(s3: S3Client, bucket: string, key: string, versionId: string): Promise<number> {
  try {
    const out = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return out.$metadata.httpStatusCode ?? 0;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  }
}

/** One synthetic person. */
export interface Person {
  readonly id: string;
  readonly mobile: string;
  readonly card: string;
}

/** Synthetic people; person 1's resident ID ends in X (written lower-case once). */
export function people(n = 6): Person[] {
  const rng = new Rng('seal-people');
  return Array.from({ length: n }, (_, i) => ({
    id: residentId(rng, i === 1 ? { checkX: true } : {}),
    mobile: mobile(rng),
    card: bankCard(rng),
  }));
}

/** One object version of the leak. */
export interface LeakVersion {
  readonly key: string;
  readonly versionId: string;
  readonly inPrefix: boolean;
}

/** The leak as uploaded, and every raw value written anywhere (in every form). */
export interface Leak {
  readonly versions: LeakVersion[];
  /** Versions under the prefix. */
  readonly sealed: LeakVersion[];
  readonly raw: string[];
  readonly people: Person[];
  /** Distinct people per type under the prefix. */
  readonly expected: { cn_resident_id: number; cn_mobile: number; bank_card: number };
  /** A company code under the prefix: found, but not a person. */
  readonly company: string;
}

const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

/**
 * Uploads the leak:
 *
 * | Object (under PREFIX unless said)  | Holds                                                        |
 * |-------------------------------------|--------------------------------------------------------------|
 * | `customers.csv` version 1           | people 0, 1: ID, mobile, card                                |
 * | `customers.csv` version 2           | people 0 (again), 2: ID, mobile, card                        |
 * | `notes.txt`                         | person 1's ID grouped, lower-case x; mobile with `+86 `      |
 * | `cards.xlsx`                        | cards of person 3 (grouped) and person 0 (again)             |
 * | `broken.zip`                        | a corrupt zip: unreadable                                    |
 * | `gone.txt`                          | person 4's mobile, then a delete marker on top               |
 * | `company.txt`                       | a USCC (an organization, not counted)                        |
 * | `leak/2027/other.csv`, `other/x.csv`| person 5: outside the prefix                                 |
 */
export async function uploadLeak(s3: S3Client): Promise<Leak> {
  const p = people();
  const company = uscc(new Rng('seal-company'));
  const versions: LeakVersion[] = [];
  const put = async (key: string, body: string | Uint8Array) => {
    const versionId = await putVersion(s3, VAULT, key, body);
    versions.push({ key, versionId, inPrefix: key.startsWith(PREFIX) });
  };
  const header = ['客户编号', '身份证号', '手机号', '银行卡号'];
  await put(`${PREFIX}customers.csv`, csv([header, ['1', p[0].id, p[0].mobile, p[0].card], ['2', p[1].id, p[1].mobile, p[1].card]]));
  await put(`${PREFIX}customers.csv`, csv([header, ['1', p[0].id, p[0].mobile, ''], ['3', p[2].id, p[2].mobile, p[2].card]]));
  const groupedId = `${p[1].id.slice(0, 6)} ${p[1].id.slice(6, 14)} ${p[1].id.slice(14).toLowerCase()}`;
  await put(`${PREFIX}notes.txt`, `回访记录：客户身份证号 ${groupedId}，手机 +86 ${p[1].mobile}。\n`);
  const groupedCard = (p[3].card.match(/.{1,4}/g) ?? []).join(' ');
  await put(`${PREFIX}cards.xlsx`, await xlsxBuffer([{ name: '卡', rows: [['银行卡号'], [groupedCard], [p[0].card]] }]));
  await put(`${PREFIX}broken.zip`, CORRUPT_ZIP);
  await put(`${PREFIX}gone.txt`, `手机 ${p[4].mobile}\n`);
  await s3.send(new DeleteObjectCommand({ Bucket: VAULT, Key: `${PREFIX}gone.txt` }));
  await put(`${PREFIX}company.txt`, `统一社会信用代码：${company}\n`);
  await put('leak/2027/other.csv', csv([header, ['9', p[5].id, p[5].mobile, p[5].card]]));
  await put('other/x.csv', csv([header, ['9', p[5].id, p[5].mobile, p[5].card]]));
  const raw = [
    ...p.flatMap((x) => [x.id, x.mobile, x.card]),
    groupedId,
    groupedId.replace(/ /g, ''),
    groupedCard,
  ];
  return {
    versions,
    sealed: versions.filter((v) => v.inPrefix),
    raw,
    people: p,
    expected: { cn_resident_id: 3, cn_mobile: 4, bank_card: 4 },
    company,
  };
}

/**
 * For a test file: an S3 client on moto, and before each test the vault and the records bucket
 * made afresh and the leak uploaded (useMotoS3). `leak` is refilled then: read it inside tests.
 */
export function useLeakedVault(): { s3: S3Client; leak: Leak } {
  const leak = {} as Leak;
  const s3 = useMotoS3(async (client) => {
    await createVault(client);
    await createVersionedBucket(client, RECORDS);
    Object.assign(leak, await uploadLeak(client));
  });
  return { s3, leak };
}

/** Every raw value found in `text` (none, when nothing leaked). */
export function rawIn(text: string, raw: readonly string[]): string[] {
  return raw.filter((value) => text.includes(value));
}
