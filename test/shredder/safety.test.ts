import { describe, expect, it } from 'vitest';
import {
  classifyApproval,
  decide,
  decisionLabel,
  effectiveShredNotBefore,
  hasEnded,
  needsEvidence,
  type ApprovalStatus,
  type EvidenceCounts,
  type SafetyFacts,
} from '../../lambdas/shredder/safety.js';
import type { KeyState } from '../../lambdas/vault/epoch-keys.js';

const CLEAN: EvidenceCounts = { retained: 0, legalHolds: 0, unreadable: 0, notFound: 0, complete: true };
const NONE = { certificate: false, completion: false, cancellation: false };
const CERT = { certificate: true, completion: false, cancellation: false };

/** Facts of a due, approved, clean key; each row changes what it is about. */
function facts(over: Partial<SafetyFacts> = {}): SafetyFacts {
  return {
    keyState: 'Enabled',
    vaultTagMatches: true,
    tagsValid: true,
    epochEnded: true,
    bucketDefault: false,
    evidence: CLEAN,
    approval: 'by-other',
    records: NONE,
    ...over,
  };
}

describe('decide', () => {
  // The decision table of safety.ts, row by row.
  it.each<[string, Partial<SafetyFacts>, string]>([
    // key state          records / tags / time / evidence / approval                         decision
    ['missing, certified', { keyState: 'missing', records: CERT }, 'completed'],
    ['missing, completion recorded', { keyState: 'missing', records: { ...CERT, completion: true } }, 'completed'],
    ['missing, never certified', { keyState: 'missing' }, 'refuse:key-missing'],
    ['other KMS state', { keyState: 'other' }, 'refuse:unexpected-key-state'],
    ['tagged for another vault', { vaultTagMatches: false }, 'refuse:vault-tag-mismatch'],
    ['other vault, even if certified', { vaultTagMatches: false, records: CERT, keyState: 'PendingDeletion' }, 'refuse:vault-tag-mismatch'],
    ['PendingDeletion, certified, evidence passes', { keyState: 'PendingDeletion', records: CERT }, 'already-scheduled'],
    ['PendingDeletion, certified, a new legal hold', { keyState: 'PendingDeletion', records: CERT, evidence: { ...CLEAN, legalHolds: 1 } }, 'cancel:legal-hold'],
    ['PendingDeletion, certified, new retention', { keyState: 'PendingDeletion', records: CERT, evidence: { ...CLEAN, retained: 2 } }, 'cancel:retained'],
    ['PendingDeletion, certified, a version not found', { keyState: 'PendingDeletion', records: CERT, evidence: { ...CLEAN, notFound: 1 } }, 'cancel:version-not-found'],
    ['PendingDeletion, certified, proof incomplete', { keyState: 'PendingDeletion', records: CERT, evidence: { ...CLEAN, complete: false } }, 'cancel:evidence-incomplete'],
    ['PendingDeletion, certified, no evidence collected', { keyState: 'PendingDeletion', records: CERT, evidence: undefined }, 'cancel:evidence-incomplete'],
    ['Disabled, certified (cancelled)', { keyState: 'Disabled', records: CERT }, 'cancelled'],
    ['Enabled, certified (cancelled, re-enabled)', { keyState: 'Enabled', records: CERT }, 'cancelled'],
    ['tags do not parse', { tagsValid: false }, 'refuse:key-tags-invalid'],
    ['Enabled, retention not ended', { epochEnded: false, evidence: undefined }, 'not-due'],
    ['Disabled, retention not ended', { keyState: 'Disabled', epochEnded: false, evidence: undefined }, 'not-due'],
    ['PendingDeletion before its time, uncertified', { keyState: 'PendingDeletion', epochEnded: false }, 'cancel:retention-not-ended'],
    ['PendingDeletion, uncertified, held', { keyState: 'PendingDeletion', evidence: { ...CLEAN, legalHolds: 1 }, approval: 'missing' }, 'cancel:legal-hold+approval-missing'],
    ['PendingDeletion, uncertified, only the approval missing', { keyState: 'PendingDeletion', approval: 'missing' }, 'refuse:approval-missing'],
    ['still the bucket default key', { bucketDefault: true }, 'refuse:current-bucket-key'],
    ['no evidence', { evidence: undefined }, 'refuse:evidence-incomplete'],
    ['listing incomplete', { evidence: { ...CLEAN, complete: false } }, 'refuse:evidence-incomplete'],
    ['a version unreadable', { evidence: { ...CLEAN, unreadable: 1 } }, 'refuse:evidence-incomplete'],
    ['a listed version not found', { evidence: { ...CLEAN, notFound: 1 } }, 'refuse:version-not-found'],
    ['a version retained', { evidence: { ...CLEAN, retained: 1 } }, 'refuse:retained'],
    ['a version on legal hold', { evidence: { ...CLEAN, legalHolds: 2 } }, 'refuse:legal-hold'],
    ['retained and on hold, unapproved', { evidence: { ...CLEAN, retained: 1, legalHolds: 1 }, approval: 'missing' }, 'refuse:retained+legal-hold+approval-missing'],
    ['not approved', { approval: 'missing' }, 'refuse:approval-missing'],
    ['approved by the shredder', { approval: 'by-shredder' }, 'refuse:approval-by-shredder'],
    ['approval unreadable', { approval: 'invalid' }, 'refuse:approval-invalid'],
    ['an approval made before shred-not-before', { approval: 'too-early' }, 'refuse:approval-too-early'],
    ['every check fails', { bucketDefault: true, evidence: { retained: 1, legalHolds: 1, unreadable: 1, notFound: 1, complete: false }, approval: 'by-shredder' }, 'refuse:current-bucket-key+evidence-incomplete+retained+legal-hold+version-not-found+approval-by-shredder'],
    ['Enabled, all pass', {}, 'shred'],
    ['Disabled, all pass', { keyState: 'Disabled' }, 'shred'],
    ['approval not required, all pass', { approval: 'not-required' }, 'shred'],
    ['PendingDeletion, uncertified, all pass (resume)', { keyState: 'PendingDeletion' }, 'shred'],
  ])('%s -> %s', (_what, over, expected) => {
    expect(decisionLabel(decide(facts(over)))).toBe(expected);
  });

  it('marks a resume and what still has to be recorded', () => {
    expect(decide(facts({ keyState: 'PendingDeletion' }))).toEqual({ outcome: 'shred', resume: true });
    expect(decide(facts({ keyState: 'Enabled' }))).toEqual({ outcome: 'shred', resume: false });
    expect(decide(facts({ keyState: 'missing', records: { ...CERT, completion: true } }))).toEqual({ outcome: 'completed', record: false });
    expect(decide(facts({ keyState: 'Disabled', records: { ...CERT, cancellation: true } }))).toEqual({ outcome: 'cancelled', record: false });
  });
});

describe('needsEvidence', () => {
  it.each<[KeyState, boolean, boolean, boolean]>([
    // state, certified, ended, needs evidence
    ['Enabled', false, true, true],
    ['Disabled', false, true, true],
    ['PendingDeletion', false, true, true],
    ['Enabled', false, false, false],
    ['Enabled', true, true, false],
    ['PendingDeletion', true, true, true],
    ['PendingDeletion', true, false, true],
    ['PendingDeletion', false, false, true],
    ['missing', false, true, false],
    ['other', false, true, false],
  ])('%s, certified %s, ended %s -> %s', (keyState, certified, ended, expected) => {
    const { evidence: _e, ...rest } = facts({ keyState, epochEnded: ended, records: certified ? CERT : NONE });
    expect(needsEvidence(rest)).toBe(expected);
  });
});

describe('classifyApproval', () => {
  const SHREDDER = 'arn:aws:iam::123456789012:role/shredlock/acme-shredder';
  const at = '2034-01-01T00:00:00.000Z';
  it.each<[string, Record<string, string>, boolean, ApprovalStatus]>([
    ['not required', {}, false, 'not-required'],
    ['no tag', {}, true, 'missing'],
    ['empty tag', { 'shredlock:approved-by': '' }, true, 'missing'],
    ['approver', { 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/approver', 'shredlock:approved-at': at }, true, 'by-other'],
    ['same role', { 'shredlock:approved-by': SHREDDER, 'shredlock:approved-at': at }, true, 'by-shredder'],
    ['same role, other path', { 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/acme-shredder', 'shredlock:approved-at': at }, true, 'by-shredder'],
    ['a session of the role', { 'shredlock:approved-by': 'arn:aws:sts::123456789012:assumed-role/acme-shredder/s1', 'shredlock:approved-at': at }, true, 'by-shredder'],
    ['same name in another account', { 'shredlock:approved-by': 'arn:aws:iam::210987654321:role/acme-shredder', 'shredlock:approved-at': at }, true, 'by-other'],
    ['a user of the same name', { 'shredlock:approved-by': 'arn:aws:iam::123456789012:user/acme-shredder', 'shredlock:approved-at': at }, true, 'by-other'],
    ['not an ARN', { 'shredlock:approved-by': 'alice', 'shredlock:approved-at': at }, true, 'invalid'],
    ['no time', { 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/approver' }, true, 'invalid'],
    ['bad time', { 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/approver', 'shredlock:approved-at': 'yesterday' }, true, 'invalid'],
  ])('%s -> %s', (_what, tags, required, expected) => {
    expect(classifyApproval(tags, SHREDDER, required)).toBe(expected);
  });

  it.each([
    ['the day before shred-not-before', '2033-12-31T23:59:59.000Z', 'too-early'],
    ['on shred-not-before', '2034-01-01T00:00:00.000Z', 'by-other'],
    ['after it', '2034-02-01T00:00:00.000Z', 'by-other'],
  ] as const)('an approval made %s -> %s', (_what, approvedAt, expected) => {
    const tags = { 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/approver', 'shredlock:approved-at': approvedAt };
    expect(classifyApproval(tags, SHREDDER, true, '2034-01-01')).toBe(expected);
  });

  it('cannot tell approvals apart without the shredder principal, so treats them as invalid', () => {
    expect(classifyApproval({ 'shredlock:approved-by': 'arn:aws:iam::123456789012:role/a', 'shredlock:approved-at': '2034-01-01T00:00:00Z' }, undefined, true)).toBe(
      'invalid',
    );
  });
});

describe('effectiveShredNotBefore', () => {
  const tags = (epoch: string, months: string, notBefore: string) => ({
    'shredlock:epoch': epoch,
    'shredlock:epoch-months': months,
    'shredlock:shred-not-before': notBefore,
  });
  it.each<[string, Record<string, string>, number | undefined, string | undefined]>([
    ['the tag', tags('2026-11', '1', '2033-11-29'), undefined, '2033-11-29'],
    ['the tag, when config agrees', tags('2026-11', '1', '2033-11-29'), 2555, '2033-11-29'],
    ['config retention over an earlier tag', tags('2026-11', '1', '2027-01-01'), 2555, '2033-11-29'],
    ['the tag over shorter config retention', tags('2026-11', '1', '2033-11-29'), 1, '2033-11-29'],
    ['never before the epoch ends', tags('2026-11', '3', '2026-11-15'), undefined, '2027-02-01'],
    ['undefined for a bad epoch', tags('2026-13', '1', '2033-11-29'), undefined, undefined],
    ['undefined for bad months', tags('2026-11', '0', '2033-11-29'), undefined, undefined],
    ['undefined for a bad date', tags('2026-11', '1', 'soon'), undefined, undefined],
    ['undefined without tags', {}, 2555, undefined],
  ])('%s', (_what, t, retention, expected) => {
    expect(effectiveShredNotBefore(t, retention)).toBe(expected);
  });

  it.each([
    ['2033-11-28T23:59:59.999Z', false],
    ['2033-11-29T00:00:00.000Z', true],
  ])('hasEnded(2033-11-29) at %s -> %s', (now, expected) => {
    expect(hasEnded('2033-11-29', new Date(now))).toBe(expected);
  });
});
