/** zod fields that several Lambdas' environments share, each written once. */
import { z } from 'zod';
import { BUCKET_NAME_PATTERN } from '../patterns.js';

/** A bucket name variable; `required` says which bucket when it is missing. */
export function bucketVariable(required: string, invalid = 'an S3 bucket name') {
  return z.string({ error: required }).regex(BUCKET_NAME_PATTERN, invalid);
}

/** A key prefix such as "reports/" (one or more segments, each ending in "/"). */
export const KEY_PREFIX_PATTERN = /^([A-Za-z0-9!_.*'()-]+\/)+$/;

/** `apply` writes tags; `dry-run` only reports or logs what it would write. */
export const TAGGING_MODES = ['apply', 'dry-run'] as const;

/** The SHREDLOCK_TAGGING variable. */
export const taggingVariable = z.enum(TAGGING_MODES, { error: '"apply" or "dry-run"' }).default('apply');

/** The value of SHREDLOCK_TAGGING for `apply`. */
export function taggingValue(apply: boolean): (typeof TAGGING_MODES)[number] {
  return apply ? 'apply' : 'dry-run';
}
