/**
 * Section "key lifecycle": KMS CreateKey, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion and the service's DeleteKey event, per key. A key scheduled for deletion or
 * deleted without a destruction certificate naming it is flagged, and so is a certificate made on
 * an overridden clock (`clock: override`).
 *
 * The key ARN is found where KMS logs it: `resources[].ARN` (type AWS::KMS::Key), then
 * `responseElements.keyId` (an ARN since Dec 2022, also on DeleteKey), then
 * `responseElements.keyMetadata.arn` (CreateKey), then `requestParameters.keyId` /
 * `serviceEventDetails.keyId`, which may be a bare key id. DeleteKey is an AwsServiceEvent
 * whose userIdentity has only `accountId` and `invokedBy: "AWS Internal"`.
 */
import { keyIdOf } from '../vault/epoch-keys.js';
import type { Certificate } from './certificates.js';
import { principalOf, resourceArn, stringParam, type TrailRecord } from './records.js';
import type { Flag, KeyEvent, KeyLifecycle } from './trail-report.js';

/** Lifecycle events and the state each leaves the key in. */
export const KEY_EVENTS: Readonly<Record<string, string>> = {
  CreateKey: 'created',
  EnableKey: 'enabled',
  DisableKey: 'disabled',
  ScheduleKeyDeletion: 'pending-deletion',
  CancelKeyDeletion: 'disabled',
  DeleteKey: 'deleted',
};

/** Events that need a destruction certificate. */
const DESTRUCTIVE = new Set(['ScheduleKeyDeletion', 'DeleteKey']);
const KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d{12}:key\/.+$/;

function keyOf(record: TrailRecord): string | undefined {
  const response = record.responseElements ?? {};
  const metadata = response.keyMetadata as { arn?: unknown } | undefined;
  const details = (record as { serviceEventDetails?: { keyId?: unknown } }).serviceEventDetails;
  const candidates = [
    resourceArn(record, 'AWS::KMS::Key', KEY_ARN),
    typeof response.keyId === 'string' ? response.keyId : undefined,
    typeof metadata?.arn === 'string' ? metadata.arn : undefined,
    stringParam(record, 'keyId'),
    typeof details?.keyId === 'string' ? details.keyId : undefined,
  ].filter((c): c is string => c !== undefined && c !== '');
  return candidates.find((c) => KEY_ARN.test(c)) ?? candidates[0];
}

/** Accumulates key events record by record. */
export function keysSection(certificates: readonly Certificate[] = []) {
  /** By key id, so a record naming only the id joins the ARN's other events. */
  const byId = new Map<string, { arn?: string; events: KeyEvent[] }>();
  return {
    add(record: TrailRecord): void {
      if (record.eventSource !== 'kms.amazonaws.com' || !(record.eventName in KEY_EVENTS) || record.errorCode) return;
      const key = keyOf(record);
      if (!key) return;
      const id = keyIdOf(key);
      const entry = byId.get(id) ?? { events: [] };
      if (KEY_ARN.test(key)) entry.arn = key;
      const window = record.requestParameters?.pendingWindowInDays;
      const deletionDate = record.responseElements?.deletionDate;
      entry.events.push({
        time: record.eventTime,
        event: record.eventName,
        principal: principalOf(record.userIdentity),
        ...(typeof deletionDate === 'string' ? { deletionDate } : {}),
        ...(typeof window === 'number' ? { pendingWindowInDays: window } : {}),
      });
      byId.set(id, entry);
    },

    finish(flags: Flag[]): KeyLifecycle[] {
      const certificateById = new Map(certificates.map((c) => [keyIdOf(c.keyArn), c]));
      const keys = [...byId].map(([id, e]): KeyLifecycle => {
        const events = [...e.events].sort((a, b) => a.time.localeCompare(b.time));
        const key = e.arn ?? id;
        const certificate = certificateById.get(id);
        const destructive = events.find((ev) => DESTRUCTIVE.has(ev.event));
        const flagged = destructive !== undefined && certificate === undefined;
        if (certificate?.clock === 'override') {
          flags.push({
            kind: 'CLOCK_OVERRIDDEN',
            subject: key,
            time: certificate.decidedAt,
            detail: `the destruction certificate (${certificate.file}) was made on an overridden clock (--now): a drill or demo, not a real retention check`,
          });
        }
        if (flagged) {
          flags.push({
            kind: 'DELETION_WITHOUT_CERTIFICATE',
            subject: key,
            time: destructive.time,
            detail: `${destructive.event} by ${destructive.principal}, and no destruction certificate names the key`,
          });
        }
        return {
          key,
          events,
          state: KEY_EVENTS[events[events.length - 1].event],
          ...(certificate ? { certificate: { file: certificate.file, vault: certificate.vault, scheduledAt: certificate.scheduledAt } } : {}),
          flagged,
        };
      });
      return keys.sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
