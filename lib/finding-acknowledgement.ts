/**
 * The shapes of an accepted finding (a cdk-nag acknowledgement, a checkov skip): one rule on one
 * construct with its reason. lib/acknowledgements.ts lists the stack's, lib/macie.ts MacieScanning's.
 */
import type { IConstruct } from 'constructs';

/** One accepted finding. */
export interface NagAcknowledgement {
  /** The construct (or an ancestor of the CfnResource) the finding is on. */
  readonly construct: IConstruct;
  /** Rule id, with `[finding]` for multi-finding rules, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  /** Why the finding is accepted. */
  readonly reason: string;
}

/** One checkov check skipped on one resource, written into the template's Metadata. */
export interface CheckovSkip {
  /** The L2 construct or CfnResource the check fails on. */
  readonly construct: IConstruct;
  /** Check id, e.g. `CKV_AWS_18`. */
  readonly id: string;
  /** Why the check does not apply. */
  readonly comment: string;
}
