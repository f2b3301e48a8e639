/**
 * The classification policy's shape and its validation: which identifier types make an object
 * confidential or sensitive, and which leave it public. One schema for the CLI's `--policy FILE`,
 * the `classificationPolicy` configuration key and the scanner Lambdas'
 * `SHREDLOCK_CLASSIFICATION_POLICY`; the engine (lambdas/engine/classification.ts) classifies with
 * it.
 */
import { z } from 'zod';
import { PII_TYPES } from './pii-types.js';

export { PII_TYPES };

const piiType = z.enum(PII_TYPES);

/** Schema of a classification policy. */
export const PolicySchema = z
  .object({
    /** PIPL "sensitive personal information": any one makes the object confidential. */
    confidential: z.array(piiType),
    /** Other personal information: any one makes the object sensitive. */
    sensitive: z.array(piiType),
    /**
     * Types that leave the object public, said on purpose. A type in no list keeps the seed
     * policy's level (lambdas/engine/classification.ts): leaving a type out never makes it public.
     */
    public: z.array(piiType).optional(),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const levels = ['confidential', 'sensitive', 'public'] as const;
    for (const [at, level] of levels.entries()) {
      for (const type of policy[level] ?? []) {
        const earlier = levels.slice(0, at).find((other) => (policy[other] ?? []).includes(type));
        if (earlier === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: [level],
          message: `"${type}" is listed as both ${earlier} and ${level}; list it once`,
        });
      }
    }
  });

/** A validated policy. */
export type Policy = z.infer<typeof PolicySchema>;

/** What one policy issue says, with the allowed types where a type was not one of them. */
export function policyIssueText(issue: z.core.$ZodIssue): string {
  const allowed = issue.code === 'invalid_value' ? ` (allowed: ${PII_TYPES.join(', ')})` : '';
  return `${issue.message}${allowed}`;
}

/** Every issue of a policy that failed validation, as `path: what is wrong` (`(policy)` for the whole). */
export function policyIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(policy)'}: ${policyIssueText(issue)}`);
}
