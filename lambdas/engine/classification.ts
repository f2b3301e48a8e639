/**
 * Classification policy: which identifier types make an object confidential or sensitive.
 * Configuration as data, validated once by the contract's schema (contract/classification-policy.ts).
 * A type a policy lists nowhere keeps the seed policy's level: only a type listed as `public`, or
 * one the seed policy makes public, leaves an object public.
 */
import type { Policy } from '../../contract/classification-policy.js';
import { ShredlockError } from '../errors.js';
import { PIPL_CATEGORY, SENSITIVE_CATEGORIES } from './categories.js';
import { PII_TYPES, SENSITIVITY_LEVELS, type ObjectLevel, type PiiType, type Sensitivity } from './types.js';

export type { Policy };

/** The seed policy's level of each type, from its PIPL category (categories.ts). */
function seedLevel(type: PiiType): Sensitivity {
  const category = PIPL_CATEGORY[type];
  if (SENSITIVE_CATEGORIES.includes(category)) return 'confidential';
  return category === 'not_personal' ? 'public' : 'sensitive';
}

/**
 * The seed policy: the art. 28 sensitive categories (specific identity, financial accounts,
 * whereabouts) are confidential, other personal information is sensitive, and a USCC (an
 * organization's, public registry data) is public. `--policy` replaces it.
 */
export const DEFAULT_POLICY: Policy = {
  confidential: PII_TYPES.filter((type) => seedLevel(type) === 'confidential'),
  sensitive: PII_TYPES.filter((type) => seedLevel(type) === 'sensitive'),
  public: PII_TYPES.filter((type) => seedLevel(type) === 'public'),
};

/**
 * The level `policy` gives one type. A type it lists nowhere keeps the seed policy's level: a
 * policy written before the engine learned a type (`device_id`, engine 0.3.11) does not make
 * that type public, and neither does a slip of the pen.
 */
export function levelOf(type: PiiType, policy: Policy = DEFAULT_POLICY): Sensitivity {
  if (policy.confidential.includes(type)) return 'confidential';
  if (policy.sensitive.includes(type)) return 'sensitive';
  if (policy.public?.includes(type)) return 'public';
  return seedLevel(type);
}

/** A level a policy gives a type, where the seed policy gives it another. */
export type PolicyChanges = Partial<Record<PiiType, Sensitivity>>;

const changesOf = new WeakMap<Policy, PolicyChanges | undefined>();

/**
 * The types whose level `policy` changes from the seed policy's, with their level under it (in
 * PII_TYPES order), or undefined when it changes none: what an object report records, so that a
 * level can be checked against its counts without the policy file (docs/scan.md).
 */
export function policyChanges(policy: Policy = DEFAULT_POLICY): PolicyChanges | undefined {
  if (changesOf.has(policy)) return changesOf.get(policy);
  const changes: PolicyChanges = {};
  for (const type of PII_TYPES) {
    const level = levelOf(type, policy);
    if (level !== seedLevel(type)) changes[type] = level;
  }
  const found = Object.keys(changes).length === 0 ? undefined : changes;
  changesOf.set(policy, found);
  return found;
}

/** The types `policy` lists nowhere: each keeps the seed policy's level (`levelOf`). */
export function unlistedTypes(policy: Policy): PiiType[] {
  return PII_TYPES.filter((type) => !policy.confidential.includes(type) && !policy.sensitive.includes(type) && !policy.public?.includes(type));
}

/** A policy that failed validation; `issues` name each key, value and what is allowed. */
export class PolicyError extends ShredlockError<'INVALID_POLICY'> {
  override readonly name = 'PolicyError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_POLICY', `invalid classification policy:\n  ${issues.join('\n  ')}`);
  }
}

/**
 * Validates a policy from configuration (JSON), collecting every problem. The contract's schema
 * (and zod, about 50 ms to load) is imported here, when a policy is parsed: a scan worker or a
 * Lambda gets its policy parsed already, and starts without it.
 */
export async function parsePolicy(raw: unknown): Promise<Policy> {
  const { PolicySchema, policyIssues } = await import('../../contract/classification-policy.js');
  const result = PolicySchema.safeParse(raw);
  if (result.success) return result.data;
  throw new PolicyError(policyIssues(result.error.issues));
}

/** The level of a set of identifier types under a policy. */
export function classify(types: Iterable<PiiType>, policy: Policy = DEFAULT_POLICY): Sensitivity {
  let level: Sensitivity = 'public';
  for (const type of types) {
    const its = levelOf(type, policy);
    if (its === 'confidential') return its;
    if (its === 'sensitive') level = its;
  }
  return level;
}

/** Orders levels: failed ranks above sensitive (unknown content) but below confidential (known). */
const RANK: Record<ObjectLevel, number> = { public: 0, sensitive: 1, failed: 2, confidential: 3 };

/** The higher of two levels. */
export function higherLevel(a: ObjectLevel, b: ObjectLevel): ObjectLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** All levels in report order. */
export const OBJECT_LEVELS: readonly ObjectLevel[] = [...SENSITIVITY_LEVELS, 'failed'];
