/**
 * Notices of the shredder on the vault's SNS topic: one per key scheduled, completed or cancelled,
 * and one per run that refused a due key. Ids and counts only, never object keys.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { toSnsError } from '../aws/errors.js';

/** What a notice is about. */
export type NoticeEvent = 'key-deletion-scheduled' | 'key-deleted' | 'key-deletion-cancelled' | 'shred-refused';

/** One notice. */
export interface Notice {
  readonly event: NoticeEvent;
  readonly vault: string;
  /** Ids, counts, dates, version ids: nothing that may contain a name. */
  readonly detail: Readonly<Record<string, unknown>>;
}

const SUBJECTS: Record<NoticeEvent, string> = {
  'key-deletion-scheduled': 'key deletion scheduled',
  'key-deleted': 'key deleted (shred complete)',
  'key-deletion-cancelled': 'key deletion cancelled',
  'shred-refused': 'shred refused',
};

/** Publishes a notice; returns the message id. Throws SnsError. */
export async function publishNotice(sns: SNSClient, topicArn: string, notice: Notice): Promise<string | undefined> {
  try {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: `ShredLock ${notice.vault}: ${SUBJECTS[notice.event]}`.slice(0, 100),
        Message: JSON.stringify({ event: notice.event, vault: notice.vault, ...notice.detail }, null, 2),
      }),
    );
    return out.MessageId;
  } catch (error) {
    throw toSnsError(error, 'Publish', { topicArn });
  }
}
