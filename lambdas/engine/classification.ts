/**
 * Classification policy: which identifier types make an object confidential or sensitive.
 * Configuration as data, validated once by the contract's schema (contract/classification-policy.ts);
 * everything not listed is public.
 */
import type { Policy } from '../../contract/classification-policy.js';
import { ShredlockError } from '../errors.js';
import { PIPL_CATEGORY, SENSITIVE_CATEGORIES } from './categories.js';
import { PII_TYPES, SENSITIVITY_LEVELS, type ObjectLevel, type PiiType, type Sensitivity } from './types.js';

export type { Policy };

/**
 * The seed policy, derived from each type's PIPL category (categories.ts): the art. 28 sensitive
 * categories (specific identity, financial accounts, whereabouts) are confidential, other
 * personal information is sensitive, and a USCC (an organization's, public registry data) is
 * listed in neither and stays public. `--policy` replaces it.
 */
export const DEFAULT_POLICY: Policy = {
  confidential: PII_TYPES.filter((type) => SENSITIVE_CATEGORIES.includes(PIPL_CATEGORY[type])),
  sensitive: PII_TYPES.filter((type) => !SENSITIVE_CATEGORIES.includes(PIPL_CATEGORY[type]) && PIPL_CATEGORY[type] !== 'not_personal'),
};

/**
 * The types the seed policy makes confidential or sensitive that `policy` lists at neither level:
 * under it an object holding only these is public. A policy written before the engine learned a
 * type (`device_id`, engine 0.3.11) leaves that type out without saying so.
 */
export function unlistedTypes(policy: Policy): PiiType[] {
  return [...DEFAULT_POLICY.confidential, ...DEFAULT_POLICY.sensitive].filter((type) => !policy.confidential.includes(type) && !policy.sensitive.includes(type));
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
    if (policy.confidential.includes(type)) return 'confidential';
    if (policy.sensitive.includes(type)) level = 'sensitive';
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
