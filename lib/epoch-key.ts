/**
 * One KMS key per retention epoch: data written in one epoch is shredded by deleting that epoch's
 * key once its retention has ended, without touching newer data. The stack creates the first key;
 * the runtime creates later ones with the same policy frame (epochKeyPolicy) and tags.
 */
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
import { EPOCH_PATTERN } from '../contract/patterns.js';
import {
  epochAliasName,
  shredNotBefore,
  TAG_EPOCH,
  TAG_APPROVED_BY,
  TAG_APPROVED_PATTERN,
  TAG_EPOCH_MONTHS,
  TAG_SHRED_NOT_BEFORE,
  TAG_VAULT,
} from './naming.js';
import {
  APPROVAL_TAG_ACTIONS,
  APPROVAL_TAGS_SID,
  BREAK_GLASS_KMS_ACTIONS,
  KEY_ADMIN_ACTIONS,
  KEY_DELETION_ACTIONS,
  MACIE_KEY_DECRYPT_ACTIONS,
  SCANNER_KMS_ACTIONS,
  SEALER_KMS_ACTIONS,
  SHREDDER_KMS_ACTIONS,
  WRITER_KMS_ACTIONS,
} from '../contract/permissions.js';

/** Who may use and retire an epoch key. ARNs may be tokens. */
export interface EpochKeyPrincipals {
  /** The writer role: GenerateDataKey/Decrypt through S3. */
  readonly writerRoleArn: string;
  /** The scanner role: Decrypt through S3. */
  readonly scannerRoleArn: string;
  /** The shredder role: the only principal that may disable and schedule deletion of the key. */
  readonly shredderRoleArn: string;
  /** The sealer role: Decrypt through S3 (it rescans sealed versions). @default - no sealer statement */
  readonly sealerRoleArn?: string;
  /** The break-glass role: Decrypt through S3. @default - no break-glass statement */
  readonly breakGlassRoleArn?: string;
  /** Macie's service-linked role: Decrypt, so Macie can classify SSE-KMS objects. @default - Macie may not decrypt */
  readonly macieServiceLinkedRoleArn?: string;
}

/** Inputs of the epoch key policy frame. */
export interface EpochKeyPolicyProps extends EpochKeyPrincipals {
  /** Vault name; the shredder may only retire keys tagged `shredlock:vault=<vaultName>`. */
  readonly vaultName: string;
  /** Account root ARN (key administration is delegated to IAM for KEY_ADMIN_ACTIONS only). */
  readonly accountRootArn: string;
  /** `s3.<region>.amazonaws.com`: use is only allowed through S3. */
  readonly s3ServiceName: string;
}

/**
 * The key policy of every epoch key. Administration and use are separate statements; use is
 * delegated only to the named roles (their identity policies must allow it too) and only via S3;
 * nobody but the shredder may schedule deletion.
 *
 * | Sid                               | Who              | What                                   |
 * |-----------------------------------|------------------|----------------------------------------|
 * | KeyAdministration                 | account (IAM)    | KEY_ADMIN_ACTIONS (no use, no deletion)|
 * | WriterUseViaS3                    | writer role      | GenerateDataKey, Decrypt via S3        |
 * | ScannerDecryptViaS3               | scanner role     | Decrypt via S3                         |
 * | SealerDecryptViaS3                | sealer role      | Decrypt via S3 (if given)              |
 * | BreakGlassDecryptViaS3            | break-glass role | Decrypt via S3 (if configured)         |
 * | MacieDecrypt                      | Macie SLR        | Decrypt (if Macie is on)               |
 * | ShredderRetiresVaultKeys          | shredder role    | Describe, Disable, ScheduleKeyDeletion |
 * | DenyKeyDeletionExceptShredder     | everyone else    | ScheduleKeyDeletion denied             |
 * | DenyApprovalTagsExceptInOwnName   | everyone         | TagResource setting `shredlock:approved-*` |
 * |                                   |                  | denied unless approved-by is the       |
 * |                                   |                  | caller's own aws:PrincipalArn          |
 *
 * The approval rule makes `shredlock:approved-by` an identity AWS vouches for: a key
 * administrator (KeyAdministration holds kms:TagResource) can approve only as itself, and a
 * request that sets approved-at without approved-by is denied too (a negated operator matches an
 * absent key). The value must be the principal ARN KMS evaluates: for an assumed-role session the
 * IAM role ARN with its path, not the STS session ARN (lambdas/keys/approver.ts). UntagResource
 * stays with the key administrators: revoking an approval can only stop a shred. The rotator's
 * CreateKey tags carry no approval tag, so the rule never touches them.
 */
export function epochKeyPolicy(props: EpochKeyPolicyProps): iam.PolicyDocument {
  const account = new iam.ArnPrincipal(props.accountRootArn);
  const viaS3 = { 'kms:ViaService': props.s3ServiceName };
  const delegated = (sid: string, roleArn: string, actions: readonly string[], extra: Record<string, unknown> = {}) =>
    new iam.PolicyStatement({
      sid,
      principals: [account],
      actions: [...actions],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': roleArn }, ...extra },
    });
  const statements = [
    new iam.PolicyStatement({
      sid: 'KeyAdministration',
      principals: [account],
      actions: [...KEY_ADMIN_ACTIONS],
      resources: ['*'],
    }),
    delegated('WriterUseViaS3', props.writerRoleArn, WRITER_KMS_ACTIONS, { StringEquals: viaS3 }),
    delegated('ScannerDecryptViaS3', props.scannerRoleArn, SCANNER_KMS_ACTIONS, { StringEquals: viaS3 }),
    delegated('ShredderRetiresVaultKeys', props.shredderRoleArn, SHREDDER_KMS_ACTIONS, {
      StringEquals: { [`aws:ResourceTag/${TAG_VAULT}`]: props.vaultName },
    }),
    new iam.PolicyStatement({
      sid: 'DenyKeyDeletionExceptShredder',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...KEY_DELETION_ACTIONS],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': props.shredderRoleArn } },
    }),
    new iam.PolicyStatement({
      sid: APPROVAL_TAGS_SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...APPROVAL_TAG_ACTIONS],
      resources: ['*'],
      conditions: {
        'ForAnyValue:StringLike': { 'aws:TagKeys': TAG_APPROVED_PATTERN },
        // A policy variable, resolved by KMS per request: not a CDK token.
        StringNotEquals: { [`aws:RequestTag/${TAG_APPROVED_BY}`]: '${aws:PrincipalArn}' },
      },
    }),
  ];
  if (props.sealerRoleArn) {
    statements.push(delegated('SealerDecryptViaS3', props.sealerRoleArn, SEALER_KMS_ACTIONS, { StringEquals: viaS3 }));
  }
  if (props.breakGlassRoleArn) {
    statements.push(
      delegated('BreakGlassDecryptViaS3', props.breakGlassRoleArn, BREAK_GLASS_KMS_ACTIONS, { StringEquals: viaS3 }),
    );
  }
  if (props.macieServiceLinkedRoleArn) {
    // Named directly: Macie's service-linked role has no identity policy for customer keys.
    statements.push(
      new iam.PolicyStatement({
        sid: 'MacieDecrypt',
        principals: [new iam.ArnPrincipal(props.macieServiceLinkedRoleArn)],
        actions: [...MACIE_KEY_DECRYPT_ACTIONS],
        resources: ['*'],
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}

/** Props of EpochKey. */
export interface EpochKeyProps extends EpochKeyPrincipals {
  /** Vault name, used in the alias and the `shredlock:vault` tag. */
  readonly vaultName: string;
  /** First month of the epoch, "YYYY-MM". */
  readonly epoch: string;
  /** Months of data the key covers. @default 1 */
  readonly epochMonths?: number;
  /** Retention of the vault in days; sets the `shredlock:shred-not-before` tag. */
  readonly retentionDays: number;
  /** KMS deletion waiting period in days, 7-30. @default 30 */
  readonly pendingWindowDays?: number;
}

/** The KMS key of one epoch, with its alias `alias/shredlock/<vault>/epoch/<YYYY-MM>` and tags. */
export class EpochKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;
  /** The alias name. */
  public readonly aliasName: string;
  /** First UTC day on which the key may be retired (end of epoch + retention). */
  public readonly shredNotBefore: string;

  constructor(scope: Construct, id: string, props: EpochKeyProps) {
    super(scope, id);
    const epochMonths = props.epochMonths ?? 1;
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    const problems: string[] = [];
    if (!EPOCH_PATTERN.test(props.epoch)) problems.push(`epoch "${props.epoch}" must be "YYYY-MM"`);
    if (!Number.isInteger(epochMonths) || epochMonths < 1 || epochMonths > 12)
      problems.push(`epochMonths ${epochMonths} must be a whole number from 1 to 12`);
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30)
      problems.push(`pendingWindowDays ${pendingWindowDays} must be a whole number from 7 to 30`);
    if (problems.length > 0) throw new ConstructPropsError('EpochKey', problems);

    const stack = Stack.of(this);
    this.aliasName = epochAliasName(props.vaultName, props.epoch);
    this.shredNotBefore = shredNotBefore(props.epoch, epochMonths, props.retentionDays);
    this.key = new kms.Key(this, 'Key', {
      description: `ShredLock ${props.vaultName}: data key for epoch ${props.epoch} (+${epochMonths} month(s))`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(pendingWindowDays),
      alias: this.aliasName,
      // Deleting the key is shredding; only the shredder does it, never a stack deletion.
      removalPolicy: RemovalPolicy.RETAIN,
      policy: epochKeyPolicy({
        ...props,
        accountRootArn: `arn:${stack.partition}:iam::${stack.account}:root`,
        s3ServiceName: `s3.${stack.region}.amazonaws.com`,
      }),
    });
    Tags.of(this.key).add(TAG_VAULT, props.vaultName);
    Tags.of(this.key).add(TAG_EPOCH, props.epoch);
    Tags.of(this.key).add(TAG_EPOCH_MONTHS, String(epochMonths));
    Tags.of(this.key).add(TAG_SHRED_NOT_BEFORE, this.shredNotBefore);
  }
}
