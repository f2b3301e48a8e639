/**
 * The shred plan: for every key of the vault, the facts (key state and tags from KMS, records,
 * the bucket's default key, the approval, and when it matters the retention evidence) and the
 * decision of safety.ts. Makes no writes at all: `shredlock shred --plan` is this, rendered.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { bucketDefaultKeyId } from '../vault/bucket-encryption.js';
import type { VaultConfig } from '../vault/config.js';
import { describeKey, keyTags, type KeyState } from '../vault/epoch-keys.js';
import { TAG_APPROVED_AT, TAG_APPROVED_BY, TAG_EPOCH, TAG_EPOCH_MONTHS, TAG_VAULT } from '../../contract/naming.js';
import { discoverVaultKeys, type DiscoveredKey } from './discover.js';
import { blockersOf, evidenceCounts, type Blocker, type BucketEvidence } from './evidence-model.js';
import { collectVaultEvidence, type VaultEvidenceOptions } from './evidence-method.js';
import {
  classifyApproval,
  decide,
  decisionLabel,
  effectiveShredNotBefore,
  hasEnded,
  needsEvidence,
  type ApprovalStatus,
  type Decision,
  type SafetyFacts,
} from './safety.js';

/** Clients of the shredder (SNS only when a topic is configured). */
export interface ShredderClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
}

/** The facts about one key. */
export interface KeyFacts {
  readonly keyId: string;
  readonly keyArn?: string;
  readonly epoch: string;
  readonly epochMonths?: number;
  readonly aliasName?: string;
  readonly state: KeyState;
  readonly kmsState?: string;
  readonly deletionDate?: string;
  readonly describeRequestId?: string;
  /** Effective shred-not-before day; undefined when the tags do not parse. */
  readonly shredNotBefore?: string;
  readonly approval: { readonly status: ApprovalStatus; readonly by?: string; readonly at?: string };
  readonly safety: SafetyFacts;
}

/** The plan for one key. */
export interface KeyPlan {
  readonly facts: KeyFacts;
  readonly decision: Decision;
  /** decisionLabel(decision). */
  readonly label: string;
  /** Covered versions and bytes, when evidence was collected. */
  readonly covered?: { readonly count: number; readonly bytes: number };
  /** Versions that stop the shred (ids only). */
  readonly blockers: readonly Blocker[];
  /** Why the evidence proves nothing for this key (inventory and key problem codes); absent when none. */
  readonly evidenceProblems?: readonly string[];
}

/** The plan for a vault. */
export interface ShredPlan {
  readonly vault: string;
  readonly now: string;
  readonly bucketDefaultKeyId?: string;
  readonly keys: readonly KeyPlan[];
  /** The evidence pass, when any key needed one. */
  readonly evidence?: BucketEvidence;
}

/** Options of planShred: how the evidence is collected (evidence-method.ts). */
export type PlanOptions = VaultEvidenceOptions;

async function factsOf(
  clients: ShredderClients,
  config: VaultConfig,
  found: DiscoveredKey,
  defaultKeyId: string | undefined,
  now: Date,
): Promise<Omit<KeyFacts, 'safety'> & { safety: Omit<SafetyFacts, 'evidence'> }> {
  const key = await describeKey(clients.kms, found.keyId);
  const tags = key.state === 'missing' ? {} : await keyTags(clients.kms, found.keyId);
  const notBefore = effectiveShredNotBefore(tags, config.retentionDays);
  const epochsAgree = found.epochsSeen.length === 1 && tags[TAG_EPOCH] === found.epoch;
  const approval = classifyApproval(tags, config.shredderPrincipalArn, config.requireApproval, notBefore);
  return {
    keyId: found.keyId,
    keyArn: key.keyArn ?? found.keyArn,
    epoch: found.epoch,
    ...(tags[TAG_EPOCH_MONTHS] ? { epochMonths: Number(tags[TAG_EPOCH_MONTHS]) } : {}),
    ...(found.aliasName ? { aliasName: found.aliasName } : {}),
    state: key.state,
    ...(key.kmsState ? { kmsState: key.kmsState } : {}),
    ...(key.deletionDate ? { deletionDate: key.deletionDate } : {}),
    ...(key.requestId ? { describeRequestId: key.requestId } : {}),
    ...(notBefore ? { shredNotBefore: notBefore } : {}),
    approval: {
      status: approval,
      ...(tags[TAG_APPROVED_BY] ? { by: tags[TAG_APPROVED_BY] } : {}),
      ...(tags[TAG_APPROVED_AT] ? { at: tags[TAG_APPROVED_AT] } : {}),
    },
    safety: {
      keyState: key.state,
      vaultTagMatches: tags[TAG_VAULT] === config.vaultName,
      tagsValid: notBefore !== undefined && epochsAgree,
      epochEnded: notBefore !== undefined && hasEnded(notBefore, now),
      bucketDefault: defaultKeyId === found.keyId,
      approval,
      records: found.records,
    },
  };
}

function problemsOf(evidence: BucketEvidence, keyId: string): { evidenceProblems?: string[] } {
  const codes = [...(evidence.inventory?.problems ?? []).map((p) => p.code), ...(evidence.byKey.get(keyId)?.problems ?? [])];
  return codes.length > 0 ? { evidenceProblems: codes } : {};
}

/** Builds the plan for a vault. No writes. */
export async function planShred(clients: ShredderClients, config: VaultConfig, now: Date, options: PlanOptions = {}): Promise<ShredPlan> {
  const defaultKeyId = await bucketDefaultKeyId(clients.s3, config.vaultBucket);
  const found = await discoverVaultKeys(clients, config.vaultName, config.recordsBucket);
  const facts = [];
  for (const key of found) facts.push(await factsOf(clients, config, key, defaultKeyId, now));
  const needing = facts.filter((f) => needsEvidence(f.safety)).map((f) => f.keyId);
  const evidence = needing.length > 0 ? await collectVaultEvidence(clients.s3, config, needing, now, options) : undefined;
  const keys = facts.map((f): KeyPlan => {
    const withEvidence = evidence?.byKey.has(f.keyId);
    const safety: SafetyFacts = withEvidence ? { ...f.safety, evidence: evidenceCounts(evidence as BucketEvidence, f.keyId) } : f.safety;
    const decision = decide(safety);
    const covered = withEvidence ? (evidence as BucketEvidence).byKey.get(f.keyId)?.covered ?? [] : undefined;
    return {
      facts: { ...f, safety },
      decision,
      label: decisionLabel(decision),
      ...(covered ? { covered: { count: covered.length, bytes: covered.reduce((n, v) => n + v.size, 0) } } : {}),
      blockers: withEvidence ? blockersOf(evidence as BucketEvidence, f.keyId) : [],
      ...(withEvidence ? problemsOf(evidence as BucketEvidence, f.keyId) : {}),
    };
  });
  return {
    vault: config.vaultName,
    now: now.toISOString(),
    ...(defaultKeyId ? { bucketDefaultKeyId: defaultKeyId } : {}),
    keys,
    ...(evidence ? { evidence } : {}),
  };
}
