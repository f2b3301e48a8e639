/**
 * Approval of a shred, recorded on the epoch key itself by the approver role: the tags
 * `shredlock:approved-by` (the approver's principal ARN) and `shredlock:approved-at`. The shredder
 * proceeds only when the approval comes from a principal other than its own.
 *
 * The tag value is what the approver states; IAM decides who may set it (only the approver role
 * should hold kms:TagResource on vault keys; the shredder role must not), and CloudTrail records
 * the real caller of TagResource. The CLI takes the approver's ARN as a flag (no STS call).
 */
import { TagResourceCommand, type KMSClient } from '@aws-sdk/client-kms';
import { toKmsError } from '../aws/errors.js';
import { describeKey, keyTags } from '../vault/epoch-keys.js';
import { epochAliasName, TAG_APPROVED_AT, TAG_APPROVED_BY, TAG_VAULT } from '../../contract/naming.js';
import { parsePrincipal } from '../vault/principal.js';
import { KeysError } from './errors.js';

/** An approval to record. */
export interface ApprovalRequest {
  readonly vaultName: string;
  readonly epoch: string;
  /** The approver's IAM principal ARN. */
  readonly principalArn: string;
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
  if (!parsePrincipal(principalArn)) {
    throw new KeysError('INVALID_PRINCIPAL', vaultName, epoch, `${JSON.stringify(principalArn)} is not an IAM principal ARN`);
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
    throw toKmsError(error, 'TagResource', { keyId: key.keyId });
  }
}
