/**
 * Where an incident's records live in the records bucket. Keys hold incident ids and revision
 * numbers only, never object keys:
 *
 * | Object                                        | Written by        | Overwritten?                  |
 * |-----------------------------------------------|-------------------|-------------------------------|
 * | `incidents/<id>/seal.json`, `seal-<n>.json`   | seal, revision n  | never (conditional write)     |
 * | `incidents/<id>/manifest.tsv`, `manifest-<n>.tsv` | seal, revision n | no; the record pins its version and SHA-256 |
 * | `incidents/<id>/intent.json`, `intent-<n>.json` | seal, revision n, before its first hold | by a retry of revision n (merged) |
 * | `incidents/<id>/unseal.json`, `unseal-<n>.json` | unseal, revision n | never (conditional write)   |
 * | `incidents/<id>/notification.json`, `.csv`    | notify            | only when the manifests changed |
 *
 * Revision 1 has the plain name; a later run that had something to do writes revision 2, 3...
 * Pure functions: no AWS calls.
 */
import { INCIDENTS_PREFIX } from '../../contract/naming.js';
import { INCIDENT_ID } from './request.js';

export { INCIDENTS_PREFIX };

/** Kinds of record with revisions. */
export type RevisedKind = 'seal' | 'manifest' | 'intent' | 'unseal';

const EXTENSION: Readonly<Record<RevisedKind, string>> = { seal: 'json', manifest: 'tsv', intent: 'json', unseal: 'json' };

/** `incidents/<id>/`. */
export function incidentPrefix(incidentId: string): string {
  if (!INCIDENT_ID.test(incidentId)) throw new RangeError('incident id does not match INCIDENT_ID');
  return `${INCIDENTS_PREFIX}${incidentId}/`;
}

/** Key of one revision of a record: `seal.json`, `seal-2.json`, `manifest-2.tsv`... */
export function revisionKey(incidentId: string, kind: RevisedKind, revision: number): string {
  if (!Number.isInteger(revision) || revision < 1) throw new RangeError('revision must be a whole number from 1');
  const stem = revision === 1 ? kind : `${kind}-${revision}`;
  return `${incidentPrefix(incidentId)}${stem}.${EXTENSION[kind]}`;
}

/** Keys of the notification list. */
export function notificationKeys(incidentId: string): { json: string; csv: string } {
  const base = `${incidentPrefix(incidentId)}notification`;
  return { json: `${base}.json`, csv: `${base}.csv` };
}

/** What a key under `incidents/` names; undefined for anything else (notifications included). */
export interface RecordName {
  readonly incidentId: string;
  readonly kind: RevisedKind;
  readonly revision: number;
}

const RECORD_KEY = /^incidents\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/(seal|manifest|intent|unseal)(?:-([1-9]\d{0,5}))?\.(json|tsv)$/;

/** Parses a record key. `seal-1.json` is not a name this layout writes, so it is not recognized. */
export function parseRecordKey(key: string): RecordName | undefined {
  const m = RECORD_KEY.exec(key);
  if (!m) return undefined;
  const kind = m[2] as RevisedKind;
  if (m[4] !== EXTENSION[kind]) return undefined;
  const revision = m[3] === undefined ? 1 : Number(m[3]);
  if (revision === 1 && m[3] !== undefined) return undefined;
  return { incidentId: m[1], kind, revision };
}
