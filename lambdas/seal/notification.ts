/**
 * The notification list of an incident (its JSON shape is documented in docs/incidents.md) and its CSV form.
 * Masked identifiers only: no raw value, no hash of one, no object key (key hashes and version
 * ids; the incident's manifest maps them back to keys). Pure functions: no AWS calls.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { PII_TYPES, type PiiType } from '../engine/types.js';
import { csvSafe } from '../scanner/report-writer.js';

/** Schema tag of notification lists. */
export const NOTIFICATION_SCHEMA = 'shredlock.notification/1';

const FoundInSchema = z.object({ keyHash: z.string(), versionId: z.string() });

const TypeSchema = z.object({
  /** Distinct identifiers of this type: the people to notify. */
  people: z.number().int().min(0),
  identifiers: z.array(z.object({ masked: z.string(), foundIn: z.array(FoundInSchema) })),
});

const NotificationSchema = z.object({
  schema: z.literal(NOTIFICATION_SCHEMA),
  incidentId: z.string(),
  vaultBucket: z.string(),
  generatedAt: z.string(),
  /** Engine version that scanned. */
  engine: z.string(),
  /** The seal revisions whose manifests were scanned. */
  manifests: z.array(z.object({ revision: z.number().int(), sha256: z.string() })),
  /** Versions scanned (every version of every manifest, once). */
  versions: z.number().int().min(0),
  /** Identifier types counted as people (the policy's confidential and sensitive types). */
  countedTypes: z.array(z.enum(PII_TYPES)),
  byType: z.partialRecord(z.enum(PII_TYPES), TypeSchema),
  /** Versions that could not be read in full: someone's data may be in them. */
  unreadable: z.array(
    FoundInSchema.extend({
      code: z.string(),
      message: z.string(),
      /** Findings read before the failure are counted above. */
      partial: z.boolean(),
    }),
  ),
});

/** The notification list. */
export type Notification = z.infer<typeof NotificationSchema>;
/** The people and masked identifiers of one type. */
export type TypeNotification = z.infer<typeof TypeSchema>;
/** One version that could not be read. */
export type UnreadableVersion = Notification['unreadable'][number];

/** A notification list read back, or undefined when it is not one (it is then written again). */
export function parseNotification(raw: unknown): Notification | undefined {
  const parsed = NotificationSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Affected people per type, in PII_TYPES order, types without findings left out. */
export function peopleByType(notification: Pick<Notification, 'byType'>): Partial<Record<PiiType, number>> {
  const people: Partial<Record<PiiType, number>> = {};
  for (const type of PII_TYPES) {
    const entry = notification.byType[type];
    if (entry && entry.people > 0) people[type] = entry.people;
  }
  return people;
}

/** CSV columns, in order. */
export const NOTIFICATION_COLUMNS = ['record', 'type', 'person', 'masked', 'key_hash', 'version_id', 'error'] as const;

/**
 * The list as CSV: one `identifier` row per identifier and version it was found in (`person`
 * numbers the distinct identifiers of a type from 1), then one `unreadable` row per version
 * that could not be read.
 */
export function notificationCsv(notification: Notification): string {
  const rows: (string | number)[][] = [];
  for (const type of PII_TYPES) {
    const entry = notification.byType[type];
    entry?.identifiers.forEach((identifier, i) => {
      for (const at of identifier.foundIn) rows.push(['identifier', type, i + 1, csvSafe(identifier.masked), at.keyHash, at.versionId, '']);
    });
  }
  for (const u of notification.unreadable) rows.push(['unreadable', '', '', '', u.keyHash, u.versionId, u.code]);
  return stringify(rows, { header: true, columns: [...NOTIFICATION_COLUMNS] });
}
