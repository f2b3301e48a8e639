/** Time ranges of an audit, and which trail files they select. */
import { AuditError } from './errors.js';

/** An inclusive time range; an absent end is open. */
export interface TimeRange {
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * How long after its newest event a log file can still be waiting for its digest. CloudTrail
 * delivers log files within minutes and a digest every hour; `aws cloudtrail validate-logs`
 * likewise reads digests up to one hour past the end of the range.
 */
export const DIGEST_LAG_MS = 60 * 60 * 1000;

/** Parses an ISO 8601 time; `subject` (the setting it comes from) names it in the error. */
export function parseTime(value: string, subject: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new AuditError('TIME_RANGE_INVALID', subject, `"${value}" is not an ISO 8601 date or time (e.g. 2025-01-31T00:00:00Z)`);
  }
  return date;
}

/** Validates a range: `from` must not be after `to`; `subject` names the two ends in the error. */
export function timeRange(from?: Date, to?: Date, subject = 'time range'): TimeRange {
  if (from && to && from.getTime() > to.getTime()) {
    throw new AuditError('TIME_RANGE_INVALID', subject, `start ${from.toISOString()} is after end ${to.toISOString()}`);
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** True when `time` is inside the range, widened at its end by `lagMs`. */
export function inRange(range: TimeRange, time: Date, lagMs = 0): boolean {
  const t = time.getTime();
  if (range.from && t < range.from.getTime()) return false;
  if (range.to && t > range.to.getTime() + lagMs) return false;
  return true;
}

/** The range as ISO strings, for reports. */
export function rangeJson(range: TimeRange): { from?: string; to?: string } {
  return { ...(range.from ? { from: range.from.toISOString() } : {}), ...(range.to ? { to: range.to.toISOString() } : {}) };
}
