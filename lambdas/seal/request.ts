/**
 * What a seal or unseal request must hold, validated once by a schema whatever its origin (CLI
 * options, Lambda event). Issues name the field and the rule, never the value: a prefix or a reason
 * may name a person.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BUCKET_NAME_PATTERN } from '../../contract/patterns.js';
import { SealRequestError } from './errors.js';
import { issueMessages } from '../shared/issues.js';

/** Incident ids: letters, digits, `_` and `-`, up to 64 characters (they are part of record keys). */
export const INCIDENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Lambda function ARNs, with or without a version or alias qualifier. */
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/;

/** IAM and STS principal ARNs: users, roles, assumed-role sessions, federated users. */
export const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_\/-]+$/;

/** Longest reason accepted, in characters. */
export const MAX_REASON_LENGTH = 1000;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const bucket = z.string().regex(BUCKET_NAME_PATTERN, 'an S3 bucket name');
const incidentId = z.string().regex(INCIDENT_ID, 'letters, digits, "_" and "-", at most 64, starting with a letter or digit');
const reason = z
  .string()
  .trim()
  .min(1, 'required: why (a ticket or incident reference)')
  .max(MAX_REASON_LENGTH, `at most ${MAX_REASON_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s), 'no control characters (tabs and newlines are allowed)');
const principal = z.string().regex(PRINCIPAL_ARN, 'an IAM or STS principal ARN (arn:aws:iam::123456789012:user/name)');
const invocation = z
  .object({
    requestId: z.string().min(1).max(128),
    functionArn: z.string().regex(LAMBDA_FUNCTION_ARN, 'a Lambda function ARN'),
  })
  .strict();
const prefix = z
  .string()
  .min(1, 'required: a non-empty key prefix (sealing a whole vault is not done by accident)')
  .max(1024, 'at most 1024 characters (an S3 key)');

const SealSchema = z
  .object({
    vaultBucket: bucket,
    recordsBucket: bucket,
    prefix,
    reason,
    principal: principal.optional(),
    invocation: invocation.optional(),
    claimedPrincipal: principal.optional(),
    incidentId: incidentId.optional(),
    now: z.date(),
  })
  .refine((r) => (r.principal === undefined) !== (r.invocation === undefined), {
    message: 'who sealed: either the principal AWS names (CLI) or the Lambda invocation, exactly one',
    path: ['principal'],
  })
  .refine((r) => r.claimedPrincipal === undefined || r.invocation !== undefined, {
    message: 'a claimed principal is recorded only beside a Lambda invocation',
    path: ['claimedPrincipal'],
  });

const UnsealSchema = z.object({
  vaultBucket: bucket.optional(),
  recordsBucket: bucket,
  incidentId,
  reason,
  principal,
  now: z.date(),
});

/** A seal request: hold every version under `prefix` of `vaultBucket`, record it in `recordsBucket`. */
export interface SealRequest {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  /** Key prefix; matched as a plain string prefix (`a/b` also matches `a/bc`: end it in `/`). */
  readonly prefix: string;
  /** Why: a ticket or incident reference. Recorded, never logged. */
  readonly reason: string;
  /**
   * Who sealed, as AWS names the caller (STS GetCallerIdentity: the CLI). Exactly one of
   * `principal` and `invocation` is given. @default none: sealed through the Lambda
   */
  readonly principal?: string;
  /** The seal Lambda's invocation: its caller is in CloudTrail's Invoke data event. @default none: the CLI */
  readonly invocation?: LambdaInvocation;
  /** The principal the Lambda event claims; recorded as unverified, never trusted. @default none */
  readonly claimedPrincipal?: string;
  /** @default a new id from newIncidentId(now) */
  readonly incidentId?: string;
  /** The time recorded as `sealedAt`. */
  readonly now: Date;
}

/**
 * A Lambda invocation, as the function's context names it. A Lambda event carries no caller
 * identity the function can trust; CloudTrail's Invoke data event for this request does.
 */
export interface LambdaInvocation {
  /** `context.awsRequestId`. */
  readonly requestId: string;
  /** `context.invokedFunctionArn` (with the version or alias the caller named, if any). */
  readonly functionArn: string;
}

/** An unseal request: release the holds an incident placed. */
export interface UnsealRequest {
  /** When given, must be the incident's vault bucket. @default the bucket of the seal record */
  readonly vaultBucket?: string;
  readonly recordsBucket: string;
  readonly incidentId: string;
  readonly reason: string;
  /** Who unseals, as AWS names the caller (STS GetCallerIdentity); never a principal that sealed. */
  readonly principal: string;
  readonly now: Date;
}

function issuesOf(error: z.ZodError): string[] {
  return issueMessages(error.issues, '(request)');
}

/** Validates a seal request; SealRequestError lists every problem. The reason comes back trimmed. */
export function parseSealRequest(input: unknown): SealRequest {
  const parsed = SealSchema.safeParse(input);
  if (!parsed.success) throw new SealRequestError(issuesOf(parsed.error));
  return parsed.data;
}

/** Validates an unseal request; SealRequestError lists every problem. */
export function parseUnsealRequest(input: unknown): UnsealRequest {
  const parsed = UnsealSchema.safeParse(input);
  if (!parsed.success) throw new SealRequestError(issuesOf(parsed.error));
  return parsed.data;
}

/** A new incident id, sortable by time: `INC-20261127T063000Z-1a2b3c`. */
export function newIncidentId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `INC-${stamp}-${randomBytes(3).toString('hex')}`;
}
