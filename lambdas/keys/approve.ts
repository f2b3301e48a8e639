/**
 * Approval of a shred, recorded on the epoch key itself: the tags `shredlock:approved-by` (the
 * approver's principal ARN) and `shredlock:approved-at`. The shredder proceeds only when the
 * approval comes from a principal other than its own.
 *
 * The epoch key policy denies setting an approval tag unless approved-by is the caller's own
 * aws:PrincipalArn, so the value is one AWS vouches for; the CLI takes it from STS and IAM
 * (approver.ts), never from a flag. Who may tag at all is IAM's business (key administrators;
 * the shredder role may not), and CloudTrail records the caller of TagResource.
 */
import { TagResourceCommand, type KMSClient } from '@aws-sdk/client-kms';
import { toKmsError } from '../aws/errors.js';
import { describeKey, keyTags } from '../vault/epoch-keys.js';
import { epochAliasName, TAG_APPROVED_AT, TAG_APPROVED_BY, TAG_VAULT } from '../../contract/naming.js';
import { IAM_PRINCIPAL_ARN_PATTERN } from '../../contract/patterns.js';
import { KeysError } from './errors.js';

/** An approval to record. */
export interface ApprovalRequest {
  readonly vaultName: string;
  readonly epoch: string;
  /** The approver's IAM principal ARN, as KMS evaluates aws:PrincipalArn (a role's with its path). */
  readonly principalArn: string;
  /** Set when principalArn is a role's without a path because iam:GetRole was denied: the role name. */
  readonly unverifiedRole?: string;
  readonly now: Date;
}

/** The approval as recorded. */
export interface ApprovalResult {
  readonly keyId: string;
  readonly keyArn: string;
  readonly approvedBy: string;
  readonly approvedAt: string;
  readonly requestId?: string;
}

/** Tags the epoch key of `epoch` as approved for shredding by `principalArn`. */
export async function approveEpochKey(kms: KMSClient, request: ApprovalRequest): Promise<ApprovalResult> {
  const { vaultName, epoch, principalArn, now } = request;
  if (!IAM_PRINCIPAL_ARN_PATTERN.test(principalArn)) {
    throw new KeysError('INVALID_PRINCIPAL', vaultName, epoch, `${JSON.stringify(principalArn)} is not an IAM principal ARN (a session ARN is not what KMS compares)`);
  }
  const key = await describeKey(kms, epochAliasName(vaultName, epoch));
  if (key.state === 'missing') throw new KeysError('NO_SUCH_EPOCH_KEY', vaultName, epoch, 'no epoch key has this alias');
  const tags = await keyTags(kms, key.keyId);
  if (tags[TAG_VAULT] !== vaultName) {
    throw new KeysError('ALIAS_CONFLICT', vaultName, epoch, `the key is tagged ${TAG_VAULT}=${tags[TAG_VAULT] ?? '(none)'}`, key.keyId);
  }
  if (key.state !== 'Enabled' && key.state !== 'Disabled') {
    throw new KeysError('KEY_NOT_USABLE', vaultName, epoch, `key state is ${key.kmsState ?? key.state}: nothing to approve`, key.keyId);
  }
  const approvedAt = now.toISOString();
  try {
    const out = await kms.send(
      new TagResourceCommand({
        KeyId: key.keyId,
        Tags: [
          { TagKey: TAG_APPROVED_BY, TagValue: principalArn },
          { TagKey: TAG_APPROVED_AT, TagValue: approvedAt },
        ],
      }),
    );
    return { keyId: key.keyId, keyArn: key.keyArn as string, approvedBy: principalArn, approvedAt, requestId: out.$metadata.requestId };
  } catch (error) {
    const failure = toKmsError(error, 'TagResource', { keyId: key.keyId });
    if (failure.kind === 'ACCESS_DENIED' && request.unverifiedRole !== undefined) {
      throw new KeysError(
        'APPROVER_PATH_UNKNOWN',
        vaultName,
        epoch,
        `KMS refused the approval as ${principalArn}. iam:GetRole on role ${request.unverifiedRole} was denied, so its IAM path is unknown and ` +
          'the approval named the role without one; the key policy accepts only your exact role ARN. If the role has a path, allow ' +
          `iam:GetRole on it (arn:aws:iam::<account>:role/*/${request.unverifiedRole}) and approve again; if it has none, the caller lacks kms:TagResource on the key.`,
        key.keyId,
      );
    }
    throw failure;
  }
}
