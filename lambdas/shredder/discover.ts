/**
 * Finds the keys of one vault the shredder has to look at, from three sources, merged by key id:
 * the epoch aliases in KMS, the epoch ledger, and the certificate records (the only trace of a
 * key that is already deleted, alias and all). Keys of other vaults are never listed: their
 * aliases, ledger and certificates live under other names. Read-only.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { listEpochAliases } from '../vault/epoch-keys.js';
import { listLedger } from '../vault/ledger.js';
import { certificatePrefix, parseCertificateKey } from '../../contract/naming.js';
import { listRecordKeys } from '../vault/records.js';
import type { RecordsPresent } from './safety.js';

/** A key of the vault and where it was seen. */
export interface DiscoveredKey {
  readonly keyId: string;
  /** Epoch from the alias, else the ledger, else the certificate records. */
  readonly epoch: string;
  /** Every epoch the sources name for this key (more than one is a conflict). */
  readonly epochsSeen: readonly string[];
  readonly aliasName?: string;
  /** From the ledger. */
  readonly keyArn?: string;
  readonly records: RecordsPresent;
}

/** The keys of a vault, oldest epoch first. */
export async function discoverVaultKeys(
  clients: { readonly kms: KMSClient; readonly s3: S3Client },
  vault: string,
  recordsBucket: string,
): Promise<DiscoveredKey[]> {
  type Draft = { keyId: string; epochs: string[]; aliasName?: string; keyArn?: string; records: { certificate: boolean; completion: boolean; cancellation: boolean } };
  const byId = new Map<string, Draft>();
  const draft = (keyId: string): Draft => {
    let d = byId.get(keyId);
    if (!d) {
      d = { keyId, epochs: [], records: { certificate: false, completion: false, cancellation: false } };
      byId.set(keyId, d);
    }
    return d;
  };
  const see = (d: Draft, epoch: string) => {
    if (!d.epochs.includes(epoch)) d.epochs.push(epoch);
  };
  for (const alias of await listEpochAliases(clients.kms, vault)) {
    const d = draft(alias.keyId);
    d.aliasName = alias.aliasName;
    see(d, alias.epoch);
  }
  for (const entry of await listLedger(clients.s3, recordsBucket, vault)) {
    const d = draft(entry.keyId);
    d.keyArn = entry.keyArn;
    see(d, entry.epoch);
  }
  for (const key of await listRecordKeys(clients.s3, recordsBucket, certificatePrefix(vault))) {
    const parsed = parseCertificateKey(vault, key);
    if (!parsed || parsed.kind === 'manifest') continue;
    const d = draft(parsed.keyId);
    see(d, parsed.epoch);
    d.records[parsed.kind] = true;
  }
  return [...byId.values()]
    .map((d) => ({
      keyId: d.keyId,
      epoch: d.epochs[0] as string,
      epochsSeen: d.epochs,
      ...(d.aliasName ? { aliasName: d.aliasName } : {}),
      ...(d.keyArn ? { keyArn: d.keyArn } : {}),
      records: d.records,
    }))
    .sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : a.keyId < b.keyId ? -1 : 1));
}
