/**
 * Who is calling, as AWS says (STS GetCallerIdentity), for records that name a person or role:
 * approvals of a shred. A flag would record whatever ARN it is given.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { toStsError } from './errors.js';

/** The caller's principal ARN (an IAM user or role, or an STS assumed-role session). Throws StsError. */
export async function callerArn(sts: STSClient): Promise<string> {
  let arn: string | undefined;
  try {
    arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch (error) {
    throw toStsError(error, 'GetCallerIdentity', {});
  }
  if (!arn) throw toStsError({ name: 'MissingArn' }, 'GetCallerIdentity', {});
  return arn;
}
