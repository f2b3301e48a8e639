/**
 * Section "reads of confidential objects": successful S3 GetObject data events, joined with the
 * objects' level from a scan report and grouped by principal. Reads of confidential objects, of
 * objects whose scan failed, and (without a report) of every object are listed; a principal
 * outside the expected list that made any of them is flagged.
 */
import { issuerOf, principalOf, s3Target, type TrailRecord } from './records.js';
import type { SensitivityIndex } from './sensitivity.js';
import type { Flag, ObjectRead, PrincipalReads } from './trail-report.js';

/** Options of the section. */
export interface ReadsOptions {
  readonly sensitivity?: SensitivityIndex;
  /** ARNs of principals allowed to read; a session matches by its own ARN or its role's. */
  readonly expectedPrincipals?: ReadonlySet<string>;
}

const LISTED = new Set(['confidential', 'failed', 'unknown']);

/** Accumulates reads record by record. */
export function readsSection(options: ReadsOptions) {
  const byPrincipal = new Map<string, { issuer?: string; expected?: boolean; reads: ObjectRead[] }>();
  let otherReads = 0;
  return {
    add(record: TrailRecord): void {
      if (record.eventSource !== 's3.amazonaws.com' || record.eventName !== 'GetObject' || record.errorCode) return;
      const { bucket, key, versionId } = s3Target(record);
      if (!bucket || !key) return;
      const sensitivity = options.sensitivity ? options.sensitivity.lookup(bucket, key) : 'unknown';
      if (sensitivity === undefined || !LISTED.has(sensitivity)) {
        otherReads++;
        return;
      }
      const principal = principalOf(record.userIdentity);
      const issuer = issuerOf(record.userIdentity);
      let entry = byPrincipal.get(principal);
      if (!entry) {
        const expected = options.expectedPrincipals
          ? options.expectedPrincipals.has(principal) || (issuer !== undefined && options.expectedPrincipals.has(issuer))
          : undefined;
        entry = { ...(issuer ? { issuer } : {}), ...(expected !== undefined ? { expected } : {}), reads: [] };
        byPrincipal.set(principal, entry);
      }
      entry.reads.push({ time: record.eventTime, bucket, key, ...(versionId ? { versionId } : {}), sensitivity });
    },

    finish(flags: Flag[]): { principals: PrincipalReads[]; otherReads: number } {
      const principals = [...byPrincipal].map(([principal, e]): PrincipalReads => {
        const reads = [...e.reads].sort((a, b) => a.time.localeCompare(b.time) || a.key.localeCompare(b.key));
        const flagged = e.expected === false;
        if (flagged) {
          flags.push({
            kind: 'UNEXPECTED_READER',
            subject: principal,
            time: reads[0].time,
            detail: `${reads.length} read(s) of confidential or unclassified objects by a principal not among the expected ones`,
          });
        }
        return { principal, ...(e.issuer ? { issuer: e.issuer } : {}), ...(e.expected !== undefined ? { expected: e.expected } : {}), flagged, reads };
      });
      principals.sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.principal.localeCompare(b.principal));
      return { principals, otherReads };
    },
  };
}
