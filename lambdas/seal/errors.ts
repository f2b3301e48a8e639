/**
 * Typed errors of sealing, unsealing and the notification list (S3 call failures are S3Error, in
 * lambdas/aws/errors.ts). Messages name codes, fields, incident ids, bucket names and record keys;
 * never object keys, prefixes, reasons or content: those may name people.
 */
import { ShredlockError } from '../errors.js';

/** Stable codes of seal errors. */
export const SEAL_ERROR_CODES = [
  'INVALID_REQUEST',
  'INVALID_CONFIG',
  'INCIDENT_NOT_FOUND',
  'INCIDENT_CONFLICT',
  'INCIDENT_CLOSED',
  'UNSEAL_BY_SEALER',
  'UNSEAL_NEEDS_CALLER',
  'RECORD_EXISTS',
  'INVALID_RECORD',
  'MANIFEST_MISMATCH',
] as const;

/** One seal error code. */
export type SealErrorCode = (typeof SEAL_ERROR_CODES)[number];

/** Base of the seal area's own errors. */
export abstract class SealError extends ShredlockError<SealErrorCode> {
  constructor(
    code: SealErrorCode,
    message: string,
    /** The incident concerned, when there is one. */
    readonly incidentId?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A seal or unseal request (CLI options, Lambda event) is invalid; `issues` names each field and rule. */
export class SealRequestError extends SealError {
  override readonly name = 'SealRequestError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_REQUEST', `invalid seal request:\n  ${issues.join('\n  ')}`);
  }
}

/** The seal Lambda's environment is invalid; `issues` names each variable and what is allowed. */
export class SealConfigError extends SealError {
  override readonly name = 'SealConfigError';
  constructor(readonly issues: readonly string[]) {
    super('INVALID_CONFIG', `invalid seal configuration:\n  ${issues.join('\n  ')}`);
  }
}

/**
 * The incident's records forbid the action:
 *
 * | Code                 | When                                                                   |
 * |----------------------|------------------------------------------------------------------------|
 * | `INCIDENT_NOT_FOUND` | unseal or notify an incident that has no seal record                   |
 * | `INCIDENT_CONFLICT`  | the incident id is taken by a seal of another vault bucket or prefix   |
 * | `INCIDENT_CLOSED`    | seal an incident that has been unsealed (use a new incident id)        |
 * | `UNSEAL_BY_SEALER`   | unseal by a principal that sealed the incident (a second one must)     |
 * | `RECORD_EXISTS`      | another run wrote the same record revision first (run again)           |
 */
export class IncidentError extends SealError {
  override readonly name = 'IncidentError';
  constructor(
    code: 'INCIDENT_NOT_FOUND' | 'INCIDENT_CONFLICT' | 'INCIDENT_CLOSED' | 'UNSEAL_BY_SEALER' | 'RECORD_EXISTS',
    incidentId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${message} (incident ${incidentId})`, incidentId, options);
  }
}

/**
 * A record in the records bucket cannot be trusted: not a record of this schema
 * (`INVALID_RECORD`), or a manifest whose SHA-256 differs from its seal record's
 * (`MANIFEST_MISMATCH`). Nothing is held or released on the strength of such a record.
 */
export class RecordError extends SealError {
  override readonly name = 'RecordError';
  constructor(
    code: 'INVALID_RECORD' | 'MANIFEST_MISMATCH',
    incidentId: string,
    /** Key of the record in the records bucket (incident ids and revisions only). */
    readonly recordKey: string,
    message: string,
  ) {
    super(code, `${message} (incident ${incidentId}, record ${recordKey})`, incidentId);
  }
}

/**
 * An unseal reached the seal Lambda: refused (`UNSEAL_NEEDS_CALLER`). A Lambda event carries no
 * caller identity the function can trust, and lifting holds needs a principal other than the
 * sealer; `shredlock unseal` takes the caller from STS and checks it.
 */
export class UnsealNeedsCallerError extends SealError {
  override readonly name = 'UnsealNeedsCallerError';
  constructor(incidentId?: string) {
    super(
      'UNSEAL_NEEDS_CALLER',
      'the seal Lambda does not unseal: an invocation carries no caller identity it can trust, and an unseal needs a principal ' +
        `other than the sealer; run \`shredlock unseal --incident ${incidentId ?? '<id>'}\` (it takes the caller from STS)`,
      incidentId,
    );
  }
}

/** Type guard for the seal area's own errors. */
export function isSealError(error: unknown): error is SealError {
  return error instanceof SealError;
}
