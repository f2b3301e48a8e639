/**
 * Reads Macie "Macie Finding" events that EventBridge delivered to SQS (the record body is the
 * EventBridge event; its `detail` is the finding, in the JSON shape of GetFindings). Only the
 * fields the tag decision needs are kept:
 *
 * | Field                                                                  | Kept as          |
 * |------------------------------------------------------------------------|------------------|
 * | `detail.id`, `.type`, `.category`, `.sample`, `.createdAt`             | finding id, ...  |
 * | `detail.resourcesAffected.s3Bucket.name`                               | bucket           |
 * | `detail.resourcesAffected.s3Object.key`, `.versionId`                  | key, version id  |
 * | `detail.classificationDetails.jobId`                                   | job id           |
 * | `...result.sensitiveData[].detections[].type`, `.count`                | managed detections |
 * | `...result.customDataIdentifiers.detections[].name`, `.count`          | custom detections  |
 *
 * Counts are totals (a finding lists the locations of at most 15 occurrences, but counts all).
 */
import type { SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { FindingEventError } from './errors.js';
import { issueFields } from '../shared/issues.js';

/** EventBridge source and detail-type of Macie findings. */
export const MACIE_SOURCE = 'aws.macie';
export const MACIE_FINDING = 'Macie Finding';

/** One detection: an identifier (managed type, or custom identifier name) and how often it matched. */
export interface Detection {
  readonly identifier: string;
  readonly count: number;
}

/** The parts of a sensitive data finding the tag decision reads. */
export interface MacieFinding {
  readonly findingId: string;
  /** `SensitiveData:S3Object/Personal`, `/Financial`, `/CustomIdentifier`, `/Multiple`, ... */
  readonly type: string;
  readonly jobId?: string;
  /** ISO 8601. */
  readonly createdAt?: string;
  readonly bucket: string;
  /** The object key: for S3 calls only, never for logs. */
  readonly key: string;
  readonly versionId: string;
  /** Managed data identifiers (Macie's own, validated where Macie validates, e.g. Luhn). */
  readonly managed: readonly Detection[];
  /** Custom data identifiers (regex only). */
  readonly custom: readonly Detection[];
}

const count = z.number().int().nonnegative().optional();

const EventSchema = z.looseObject({
  source: z.string(),
  'detail-type': z.string(),
  detail: z.looseObject({
    id: z.string().min(1),
    type: z.string().optional(),
    category: z.string().optional(),
    sample: z.boolean().optional(),
    createdAt: z.string().optional(),
    resourcesAffected: z
      .looseObject({
        s3Bucket: z.looseObject({ name: z.string().min(3) }).optional(),
        s3Object: z.looseObject({ key: z.string().min(1).optional(), versionId: z.string().optional() }).optional(),
      })
      .optional(),
    classificationDetails: z
      .looseObject({
        jobId: z.string().optional(),
        result: z
          .looseObject({
            sensitiveData: z
              .array(z.looseObject({ detections: z.array(z.looseObject({ type: z.string(), count })).optional() }))
              .optional(),
            customDataIdentifiers: z
              .looseObject({ detections: z.array(z.looseObject({ name: z.string(), count })).optional() })
              .optional(),
          })
          .optional(),
      })
      .optional(),
  }),
});

/** Why a record is ignored rather than applied. */
export type IgnoreReason = 'not-macie-finding' | 'not-classification' | 'sample-finding';

/** What a record holds. */
export type ParsedFinding =
  | { readonly kind: 'finding'; readonly finding: MacieFinding }
  | { readonly kind: 'ignored'; readonly reason: IgnoreReason; readonly findingId?: string };

/**
 * Parses one SQS record. Events that are not sensitive data findings, and Macie's sample findings
 * (they name objects that do not exist), are ignored; a body that is not a Macie finding event, or
 * a finding without a bucket, key or version id, throws FindingEventError.
 */
export function parseFindingRecord(record: Pick<SQSRecord, 'messageId' | 'body'>): ParsedFinding {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new FindingEventError('record body is not JSON', record.messageId);
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) {
    const fields = issueFields(parsed.error.issues, '(body)');
    throw new FindingEventError(`record body is not a Macie finding event (${fields})`, record.messageId);
  }
  const event = parsed.data;
  const detail = event.detail;
  if (event.source !== MACIE_SOURCE || event['detail-type'] !== MACIE_FINDING) return { kind: 'ignored', reason: 'not-macie-finding' };
  if (detail.category !== 'CLASSIFICATION') return { kind: 'ignored', reason: 'not-classification', findingId: detail.id };
  if (detail.sample === true) return { kind: 'ignored', reason: 'sample-finding', findingId: detail.id };
  const bucket = detail.resourcesAffected?.s3Bucket?.name;
  const object = detail.resourcesAffected?.s3Object;
  if (!bucket || !object?.key) throw new FindingEventError(`finding ${detail.id} names no S3 object`, record.messageId);
  if (!object.versionId) {
    // Never act on a key alone: the vault is versioned, and a finding without a version is not ours to apply.
    throw new FindingEventError(`finding ${detail.id} has no versionId`, record.messageId);
  }
  const result = detail.classificationDetails?.result;
  return {
    kind: 'finding',
    finding: {
      findingId: detail.id,
      type: detail.type ?? 'unknown',
      jobId: detail.classificationDetails?.jobId,
      createdAt: detail.createdAt,
      bucket,
      key: object.key,
      versionId: object.versionId,
      managed: (result?.sensitiveData ?? []).flatMap((item) =>
        (item.detections ?? []).map((d) => ({ identifier: d.type, count: d.count ?? 0 })),
      ),
      custom: (result?.customDataIdentifiers?.detections ?? []).map((d) => ({ identifier: d.name, count: d.count ?? 0 })),
    },
  };
}
