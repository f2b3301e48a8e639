/**
 * The scheduled check's work, apart from the Lambda plumbing (handler.ts): run the check, log the
 * outcome, publish drifts to the notification topic.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { toSnsError } from '../aws/errors.js';
import { runCheck, type CheckTarget } from './check.js';
import type { CheckClients } from './read.js';
import { renderCheckTable } from './render.js';
import type { CheckReport } from './types.js';

/** Service name in logs. */
export const SERVICE_NAME = 'shredlock-check';

/** SNS subject limit (characters). */
const SUBJECT_MAX = 100;

/** What checkAndNotify needs. */
export interface CheckDeps {
  readonly clients: CheckClients;
  readonly sns: SNSClient;
  /** No topic: drifts are only logged. */
  readonly topicArn?: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

/** Runs the check; publishes the drifts when there are any. Returns the report. */
export async function checkAndNotify(deps: CheckDeps, target: CheckTarget): Promise<CheckReport> {
  const report = await runCheck(deps.clients, target);
  const summary = { vault: report.vault, checked: report.checked, drifts: report.drifts.length };
  if (report.compliant) {
    deps.logger.info('vault compliant', summary);
    return report;
  }
  // Drifts name buckets, trails, key ids and role ARNs: configuration, never personal data.
  deps.logger.warn('vault drifted', { ...summary, properties: report.drifts.map((d) => `${d.resource} ${d.property}`) });
  if (deps.topicArn) {
    const subject = `ShredLock drift: vault ${report.vault}, ${report.drifts.length} propert${report.drifts.length === 1 ? 'y' : 'ies'}`;
    try {
      await deps.sns.send(
        new PublishCommand({
          TopicArn: deps.topicArn,
          Subject: subject.slice(0, SUBJECT_MAX),
          Message: renderCheckTable(report),
          MessageAttributes: {
            type: { DataType: 'String', StringValue: report.type },
            vault: { DataType: 'String', StringValue: report.vault },
          },
        }),
      );
    } catch (error) {
      throw toSnsError(error, 'Publish', { topicArn: deps.topicArn });
    }
  }
  return report;
}

