/**
 * `analyzeTrail`: reads the CloudTrail log files of a trail store and builds the audit report:
 * confidential reads by principal, key lifecycle, protection changes and denied requests.
 * It reads the logs as they are: run `verifyTrail` first to know they are unaltered.
 */
import type { Certificate } from './certificates.js';
import { parseTrailKey, trailPath } from './layout.js';
import { inRange, rangeJson, type TimeRange } from './range.js';
import { parseLogFile } from './records.js';
import { changesSection } from './section-changes.js';
import { keysSection } from './section-keys.js';
import { readsSection } from './section-reads.js';
import type { SensitivityIndex } from './sensitivity.js';
import type { TrailStore } from './store.js';
import { FLAG_KINDS, type Flag, type TrailReport, type UnreadableLog } from './trail-report.js';

/** Options of analyzeTrail. */
export interface TrailOptions {
  /** Events whose eventTime is in the range. Default: all. */
  readonly range?: TimeRange;
  /** Object levels from a scan report; without it every read object is listed as `unknown`. */
  readonly sensitivity?: SensitivityIndex;
  /** Principals allowed to read confidential objects; without it no reader is flagged. */
  readonly expectedPrincipals?: readonly string[];
  /** Destruction certificates; keys scheduled or deleted without one are flagged. */
  readonly certificates?: readonly Certificate[];
}

/** Analyzes the trail in `store`. */
export async function analyzeTrail(store: TrailStore, options: TrailOptions = {}): Promise<TrailReport> {
  const range = options.range ?? {};
  const reads = readsSection({
    ...(options.sensitivity ? { sensitivity: options.sensitivity } : {}),
    ...(options.expectedPrincipals ? { expectedPrincipals: new Set(options.expectedPrincipals) } : {}),
  });
  const keys = keysSection(options.certificates);
  const changes = changesSection();
  const unreadable: UnreadableLog[] = [];
  const seen = new Set<string>();
  let files = 0;
  let records = 0;

  for await (const key of store.list()) {
    const path = trailPath(key);
    const name = path === undefined ? undefined : parseTrailKey(path);
    // A file's name carries its newest event: older files hold nothing from the range.
    if (name?.kind !== 'log' || (range.from && name.time.getTime() < range.from.getTime() - 60_000)) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.read(key);
    } catch (error) {
      unreadable.push({ key, detail: (error as Error).message });
      continue;
    }
    if (!bytes) continue;
    files++;
    const parsed = parseLogFile(bytes);
    if ('error' in parsed) {
      unreadable.push({ key, detail: parsed.error });
      continue;
    }
    if (parsed.invalid > 0) unreadable.push({ key, detail: `${parsed.invalid} entries are not CloudTrail records` });
    for (const record of parsed.records) {
      const time = new Date(record.eventTime);
      if (Number.isNaN(time.getTime()) || !inRange(range, time)) continue;
      // CloudTrail may deliver an event twice; eventID identifies it.
      if (record.eventID) {
        if (seen.has(record.eventID)) continue;
        seen.add(record.eventID);
      }
      records++;
      reads.add(record);
      keys.add(record);
      changes.add(record);
    }
  }

  const flags: Flag[] = [];
  const confidentialReads = reads.finish(flags);
  const keyLifecycles = keys.finish(flags);
  const { protectionChanges, denied } = changes.finish(flags);
  for (const u of unreadable) flags.push({ kind: 'UNREADABLE_LOG', subject: u.key, detail: u.detail });
  const byKind = Object.fromEntries(FLAG_KINDS.map((k) => [k, flags.filter((f) => f.kind === k).length])) as TrailReport['summary']['byKind'];

  return {
    source: store.source,
    range: rangeJson(range),
    files: { read: files, records, unreadable },
    confidentialReads,
    keys: keyLifecycles,
    protectionChanges,
    denied,
    flags,
    summary: { flagged: flags.length, byKind },
  };
}
