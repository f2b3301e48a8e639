/**
 * The shredder's safety rule, as pure functions: whether one vault key may be shredded now. Every
 * input is checked in our own code (key state from DescribeKey, retention and legal holds from
 * each version's HeadObject), never left to what KMS or S3 would refuse.
 *
 * Decision table, first matching row wins ("-" = any; records = our certificate objects):
 *
 * | Key state        | Records                 | Vault tag | Tags  | Ended | Checks (see below)  | Decision                    |
 * |------------------|-------------------------|-----------|-------|-------|---------------------|-----------------------------|
 * | missing          | certificate             | -         | -     | -     | -                   | completed (record once)     |
 * | missing          | none                    | -         | -     | -     | -                   | refuse:key-missing          |
 * | other (KMS)      | -                       | -         | -     | -     | -                   | refuse:unexpected-key-state |
 * | any existing     | -                       | differs   | -     | -     | -                   | refuse:vault-tag-mismatch   |
 * | PendingDeletion  | certificate             | ours      | -     | -     | evidence fails      | cancel:<evidence reasons>   |
 * | PendingDeletion  | certificate             | ours      | -     | -     | evidence passes     | already-scheduled           |
 * | Enabled/Disabled | certificate             | ours      | -     | -     | -                   | cancelled (record once)     |
 * | any existing     | none                    | ours      | bad   | -     | -                   | refuse:key-tags-invalid     |
 * | PendingDeletion  | none                    | ours      | ok    | no    | -                   | cancel:retention-not-ended  |
 * | Enabled/Disabled | none                    | ours      | ok    | no    | -                   | not-due                     |
 * | PendingDeletion  | none                    | ours      | ok    | yes   | an evidence check   | cancel:<every failed check> |
 * | any existing     | none                    | ours      | ok    | yes   | any fails           | refuse:<every failed check> |
 * | Enabled/Disabled | none                    | ours      | ok    | yes   | all pass            | shred                       |
 * | PendingDeletion  | none                    | ours      | ok    | yes   | all pass            | shred (resume: certificate) |
 *
 * Checks, each a refusal reason of its own, all reported together:
 *
 * | Check                                                       | Reason when it fails     |
 * |-------------------------------------------------------------|--------------------------|
 * | the key is not the vault bucket's default key               | current-bucket-key       |
 * | evidence complete: every version listed and read            | evidence-incomplete      |
 * | no covered version retained (retain-until > now, any mode)  | retained                 |
 * | no covered version on legal hold                            | legal-hold               |
 * | every listed version HeadObject could not find proved gone  | version-not-found        |
 * | approval present (unless not required)                      | approval-missing         |
 * | approver is not the shredder's own principal                | approval-by-shredder     |
 * | approval tags parse (an IAM ARN and an ISO time)            | approval-invalid         |
 * | approved on or after the effective shred-not-before day     | approval-too-early       |
 *
 * Every run re-checks the keys pending deletion: a key that is PendingDeletion while its data must
 * be kept (an evidence check fails: a version retained, held, not found, or the proof incomplete;
 * or its retention has not ended) is `cancel`led (CancelKeyDeletion, execute.ts), never left to
 * be deleted. Evidence is collected for every PendingDeletion key of the vault (needsEvidence).
 *
 * "Ended" is `now` >= the effective shred-not-before day: the later of the key's tag, the epoch's
 * end, and (when configured) the epoch's end plus the vault's retention days.
 */
import { isEpoch, epochEnd } from '../vault/epoch.js';
import type { KeyState } from '../vault/epoch-keys.js';
import { shredNotBefore, TAG_APPROVED_AT, TAG_APPROVED_BY, TAG_EPOCH, TAG_EPOCH_MONTHS, TAG_SHRED_NOT_BEFORE } from '../../contract/naming.js';
import { parsePrincipal, samePrincipal } from '../vault/principal.js';

/** Whether an approval allows the shredder to go on. */
export type ApprovalStatus = 'not-required' | 'missing' | 'by-shredder' | 'by-other' | 'invalid' | 'too-early';

/** What the evidence says about the versions under one key. */
export interface EvidenceCounts {
  /** Covered versions whose retain-until is after `now`. */
  readonly retained: number;
  /** Covered versions with a legal hold. */
  readonly legalHolds: number;
  /** Versions that could not be read or attributed to a key. */
  readonly unreadable: number;
  /** Versions listed that HeadObject could not find and a fresh listing did not prove gone. */
  readonly notFound: number;
  /** False when the listing stopped early (limit). */
  readonly complete: boolean;
}

/** Which of our records exist for the key. */
export interface RecordsPresent {
  readonly certificate: boolean;
  readonly completion: boolean;
  readonly cancellation: boolean;
}

/** Everything the decision rests on, for one key. */
export interface SafetyFacts {
  readonly keyState: KeyState;
  /** The key's `shredlock:vault` tag names this vault (ignored when missing). */
  readonly vaultTagMatches: boolean;
  /** Epoch tags parse and agree with the alias or ledger. */
  readonly tagsValid: boolean;
  /** `now` is on or after the effective shred-not-before day. */
  readonly epochEnded: boolean;
  /** The vault bucket's default encryption names this key. */
  readonly bucketDefault: boolean;
  /** Undefined when not collected. */
  readonly evidence?: EvidenceCounts;
  readonly approval: ApprovalStatus;
  readonly records: RecordsPresent;
}

/** Why a key is refused, every reason the decision can give (docs/shredding.md lists them all). */
export const REFUSAL_REASONS = [
  'key-missing',
  'unexpected-key-state',
  'vault-tag-mismatch',
  'key-tags-invalid',
  'retention-not-ended',
  'current-bucket-key',
  'evidence-incomplete',
  'retained',
  'legal-hold',
  'version-not-found',
  'approval-missing',
  'approval-by-shredder',
  'approval-invalid',
  'approval-too-early',
] as const;

/** Why a key is refused. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The decision for one key. */
export type Decision =
  | { readonly outcome: 'not-due' }
  | { readonly outcome: 'shred'; readonly resume: boolean }
  | { readonly outcome: 'refuse'; readonly reasons: readonly RefusalReason[] }
  | { readonly outcome: 'already-scheduled' }
  | { readonly outcome: 'cancel'; readonly reasons: readonly RefusalReason[] }
  | { readonly outcome: 'completed'; readonly record: boolean }
  | { readonly outcome: 'cancelled'; readonly record: boolean };

/** Decides for one key (see the table in the module doc). */
export function decide(facts: SafetyFacts): Decision {
  const { keyState, records } = facts;
  if (keyState === 'missing') {
    return records.certificate ? { outcome: 'completed', record: !records.completion } : refuse('key-missing');
  }
  if (keyState === 'other') return refuse('unexpected-key-state');
  if (!facts.vaultTagMatches) return refuse('vault-tag-mismatch');
  if (records.certificate) {
    if (keyState !== 'PendingDeletion') return { outcome: 'cancelled', record: !records.cancellation };
    const kept = evidenceReasons(facts.evidence);
    return kept.length > 0 ? { outcome: 'cancel', reasons: kept } : { outcome: 'already-scheduled' };
  }
  if (!facts.tagsValid) return refuse('key-tags-invalid');
  if (!facts.epochEnded) return keyState === 'PendingDeletion' ? { outcome: 'cancel', reasons: ['retention-not-ended'] } : { outcome: 'not-due' };
  const reasons: RefusalReason[] = [];
  if (facts.bucketDefault) reasons.push('current-bucket-key');
  const kept = evidenceReasons(facts.evidence);
  reasons.push(...kept);
  if (facts.approval === 'missing') reasons.push('approval-missing');
  if (facts.approval === 'by-shredder') reasons.push('approval-by-shredder');
  if (facts.approval === 'invalid') reasons.push('approval-invalid');
  if (facts.approval === 'too-early') reasons.push('approval-too-early');
  if (keyState === 'PendingDeletion' && kept.length > 0) return { outcome: 'cancel', reasons };
  if (reasons.length > 0) return { outcome: 'refuse', reasons };
  return { outcome: 'shred', resume: keyState === 'PendingDeletion' };
}

/** The evidence checks that fail, in table order: each means data may have to be kept. */
export function evidenceReasons(e: EvidenceCounts | undefined): RefusalReason[] {
  const reasons: RefusalReason[] = [];
  if (!e || !e.complete || e.unreadable > 0) reasons.push('evidence-incomplete');
  if (e && e.retained > 0) reasons.push('retained');
  if (e && e.legalHolds > 0) reasons.push('legal-hold');
  if (e && e.notFound > 0) reasons.push('version-not-found');
  return reasons;
}

function refuse(reason: RefusalReason): Decision {
  return { outcome: 'refuse', reasons: [reason] };
}

/** True when the decision for these facts depends on evidence (collect it only then: it lists the bucket). */
export function needsEvidence(facts: Omit<SafetyFacts, 'evidence'>): boolean {
  if (facts.keyState === 'PendingDeletion' && facts.vaultTagMatches) return true;
  return (
    !facts.records.certificate &&
    (facts.keyState === 'Enabled' || facts.keyState === 'Disabled' || facts.keyState === 'PendingDeletion') &&
    facts.vaultTagMatches &&
    facts.tagsValid &&
    facts.epochEnded
  );
}

/** `shred`, `not-due`, `refuse:retained+legal-hold`, `cancel:legal-hold`, `already-scheduled`, `completed`, `cancelled`. */
export function decisionLabel(decision: Decision): string {
  return decision.outcome === 'refuse' || decision.outcome === 'cancel' ? `${decision.outcome}:${decision.reasons.join('+')}` : decision.outcome;
}

/**
 * The approval recorded in a key's tags, judged against the shredder's own principal and, when
 * given, the key's effective shred-not-before day: an approval given before it (years ahead, or
 * before a retention was extended) does not count.
 */
export function classifyApproval(
  tags: Readonly<Record<string, string>>,
  shredderPrincipalArn: string | undefined,
  requireApproval: boolean,
  notBefore?: string,
): ApprovalStatus {
  if (!requireApproval) return 'not-required';
  const by = tags[TAG_APPROVED_BY];
  if (by === undefined || by === '') return 'missing';
  const at = tags[TAG_APPROVED_AT];
  if (!parsePrincipal(by) || at === undefined || Number.isNaN(Date.parse(at)) || !shredderPrincipalArn) return 'invalid';
  if (samePrincipal(by, shredderPrincipalArn)) return 'by-shredder';
  return notBefore !== undefined && !hasEnded(notBefore, new Date(at)) ? 'too-early' : 'by-other';
}

/**
 * The effective first day (YYYY-MM-DD, UTC) the key may be shredded: the latest of its
 * `shred-not-before` tag, its epoch's end, and the epoch's end plus `retentionDays` when given.
 * Undefined when the epoch tags do not parse. A tag edited to an earlier day never brings it forward.
 */
export function effectiveShredNotBefore(tags: Readonly<Record<string, string>>, retentionDays?: number): string | undefined {
  const epoch = tags[TAG_EPOCH] ?? '';
  const months = Number(tags[TAG_EPOCH_MONTHS]);
  const tag = tags[TAG_SHRED_NOT_BEFORE] ?? '';
  if (!isEpoch(epoch) || !Number.isInteger(months) || months < 1 || months > 12) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(tag) || Number.isNaN(Date.parse(`${tag}T00:00:00Z`))) return undefined;
  const candidates = [tag, epochEnd(epoch, months).toISOString().slice(0, 10)];
  if (retentionDays !== undefined) candidates.push(shredNotBefore(epoch, months, retentionDays));
  return candidates.sort().at(-1) as string;
}

/** True when `now` is on or after the day `notBefore` (YYYY-MM-DD, UTC). */
export function hasEnded(notBefore: string, now: Date): boolean {
  return now.getTime() >= Date.parse(`${notBefore}T00:00:00Z`);
}
