/**
 * The classification policy's shape and its validation: which identifier types make an object
 * confidential or sensitive. One schema for the CLI's `--policy FILE`, the `classificationPolicy`
 * configuration key and the scanner Lambdas' `SHREDLOCK_CLASSIFICATION_POLICY`; the engine
 * (lambdas/engine/classification.ts) classifies with it.
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
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const type of policy.confidential) {
      if (policy.sensitive.includes(type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensitive'],
          message: `"${type}" is listed as both confidential and sensitive; list it once`,
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
