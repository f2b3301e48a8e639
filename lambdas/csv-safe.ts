/**
 * CSV for spreadsheets, safe from formula injection (OWASP "CSV injection"): a text cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the file is
 * opened, so it gets a leading `'`. Object keys, principal names, prefixes and details all come
 * from outside; every CSV ShredLock writes goes through here. JSON outputs keep the exact text.
 */
import { stringify } from 'csv-stringify/sync';

/** One text cell made safe (see the module doc); other text is unchanged. */
export function csvSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows as CSV (csv-stringify), every text cell through csvSafe; numbers are left as numbers. */
export function stringifySafe(rows: readonly (readonly (string | number)[])[]): string {
  return stringify(rows.map((r) => r.map((cell) => (typeof cell === 'string' ? csvSafe(cell) : cell))));
}
