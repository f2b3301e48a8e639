/**
 * Reading the epoch keys of a vault from KMS: aliases under `alias/shredlock/<vault>/epoch/`, each
 * key's state and tags. Read-only (DescribeKey, ListAliases, ListResourceTags).
 */
import { DescribeKeyCommand, ListAliasesCommand, ListResourceTagsCommand, type KMSClient } from '@aws-sdk/client-kms';
import { toKmsError } from '../aws/errors.js';
import { isEpoch } from './epoch.js';
import { epochAliasPrefix } from '../../contract/naming.js';

/** An epoch alias of a vault. */
export interface EpochAlias {
  readonly aliasName: string;
  readonly epoch: string;
  readonly keyId: string;
}

/** What KMS says about one key; `missing` when it does not exist (any more). */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'missing' | 'other';

/** DescribeKey, reduced. */
export interface KeyDescription {
  readonly keyId: string;
  /** Undefined only when the key is missing. */
  readonly keyArn?: string;
  readonly state: KeyState;
  /** The KMS state name as given (`PendingImport`, `Unavailable`...), for reports of `other`. */
  readonly kmsState?: string;
  /** ISO 8601; when PendingDeletion. */
  readonly deletionDate?: string;
  readonly requestId?: string;
}

/** The epoch aliases of a vault, oldest epoch first (all pages of ListAliases). */
export async function listEpochAliases(kms: KMSClient, vaultName: string): Promise<EpochAlias[]> {
  const prefix = epochAliasPrefix(vaultName);
  const found: EpochAlias[] = [];
  let marker: string | undefined;
  do {
    let out;
    try {
      out = await kms.send(new ListAliasesCommand({ Marker: marker, Limit: 100 }));
    } catch (error) {
      throw toKmsError(error, 'ListAliases', {});
    }
    for (const a of out.Aliases ?? []) {
      const epoch = a.AliasName?.startsWith(prefix) ? a.AliasName.slice(prefix.length) : undefined;
      if (epoch !== undefined && isEpoch(epoch) && a.TargetKeyId) {
        found.push({ aliasName: a.AliasName as string, epoch, keyId: a.TargetKeyId });
      }
    }
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  return found.sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0));
}

const KNOWN_STATES = new Set(['Enabled', 'Disabled', 'PendingDeletion']);

/** DescribeKey by key id, alias or ARN; `missing` when KMS does not know it. */
export async function describeKey(kms: KMSClient, keyId: string): Promise<KeyDescription> {
  try {
    const out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const meta = out.KeyMetadata;
    const kmsState = meta?.KeyState ?? 'Unknown';
    return {
      keyId: meta?.KeyId ?? keyId,
      keyArn: meta?.Arn,
      state: KNOWN_STATES.has(kmsState) ? (kmsState as KeyState) : 'other',
      kmsState,
      deletionDate: meta?.DeletionDate?.toISOString(),
      requestId: out.$metadata.requestId,
    };
  } catch (error) {
    const failure = toKmsError(error, 'DescribeKey', { keyId });
    if (failure.kind === 'NOT_FOUND') return { keyId, state: 'missing' };
    throw failure;
  }
}

/** The tags of a key as a record (all pages). */
export async function keyTags(kms: KMSClient, keyId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let marker: string | undefined;
  do {
    let out;
    try {
      out = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker }));
    } catch (error) {
      throw toKmsError(error, 'ListResourceTags', { keyId });
    }
    for (const t of out.Tags ?? []) if (t.TagKey) tags[t.TagKey] = t.TagValue ?? '';
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  return tags;
}

/** The key id (the part after `key/`) of a key ARN, or the id itself. */
export function keyIdOf(arnOrId: string): string {
  const at = arnOrId.lastIndexOf(':key/');
  return at >= 0 ? arnOrId.slice(at + 5) : arnOrId;
}

/** True for a key id or key ARN (not an alias): S3 reports the key of an SSE-KMS version this way. */
export function isKeyReference(value: string): boolean {
  return /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/)?(mrk-)?[A-Za-z0-9-]{32,}$/.test(value);
}
