/**
 * From a Macie finding to the ShredLock tags of the object version it names. Pure: no AWS calls.
 *
 * 1. Mapping. Our custom identifiers map to their identifier type by name (identifier-names.ts);
 *    Macie's managed identifiers map through MANAGED_TYPE_MAP (only credit card numbers, which Macie
 *    validates with Luhn, name one of our types). Everything else is `unmapped`: reported and
 *    logged by type name, never tagged (the policy, not this module, decides levels, and it has no
 *    words for a US SSN). The level is `classify()` under the project's policy.
 *
 * 2. Decision. Who set the version's current level decides what a finding may change. A regex-only
 *    custom identifier never overrides the engine's checksum-validated result; a managed identifier
 *    may raise it; a `failed` engine level (no result at all) is raised by any finding; higher
 *    always wins (`failed` ranks above `sensitive`, below `confidential`, as in engine/classification.ts).
 *
 * | # | Version's level set by       | Macie level, all identifiers | managed identifiers only | Written                                 | Reason            |
 * |---|------------------------------|------------------------------|--------------------------|-----------------------------------------|-------------------|
 * | 1 | anyone                       | no mapped type               | -                        | nothing                                 | `no-mapped-types` |
 * | 2 | nobody (no level tag)        | L                            | -                        | L, source=macie, types, date            | `unclassified`    |
 * | 3 | Macie (source=macie, P)      | L > P                        | -                        | L, source=macie, types P+L, date        | `macie-raised`    |
 * | 4 | Macie (source=macie, P)      | L <= P                       | -                        | nothing                                 | `not-higher`      |
 * | 5 | engine (E, not failed)       | any                          | M > E                    | M, engine kept, source=macie, types E+M | `managed-higher`  |
 * | 6 | engine (E, not failed)       | L > E                        | M <= E                   | nothing                                 | `regex-only`      |
 * | 7 | engine (E, not failed)       | L <= E                       | M <= E                   | nothing                                 | `not-higher`      |
 * | 8 | engine (failed)              | L > failed (confidential)    | -                        | L, engine kept, source=macie, types +L  | `failed-upgraded` |
 * | 9 | engine (failed)              | L <= failed                  | -                        | nothing                                 | `not-higher`      |
 * |10 | any write above, no tag room | -                            | -                        | nothing (other systems' tags kept)      | `no-room`         |
 *
 * "Set by the engine" means a level tag without `shredlock:source=macie`, or with it next to a
 * `shredlock:engine` tag (a level Macie raised over the engine's stays under the engine's rule). A
 * level tag with a value no version of ShredLock writes counts as no level.
 *
 * Tags go through the scanner's merge (lambdas/scanner/tags.ts): other systems' tags are kept, ours
 * are replaced as a group, in priority order sensitivity, engine, source, types, date, as many as
 * the 10-tag limit leaves room for. The engine tag is kept where the engine had classified the
 * version, so the scanner does not read it again and lower the level Macie validated.
 */
import type { S3Tag } from '../aws/object-tags.js';
import { DEFAULT_POLICY, classify, higherLevel, type Policy } from '../engine/classification.js';
import { SENSITIVITY_LEVELS, type ObjectLevel, type PiiType, type Sensitivity } from '../engine/types.js';
import {
  NO_TYPES,
  SOURCE_TAG_KEY,
  TAG_KEYS,
  TYPES_SEPARATOR,
  TYPES_TRUNCATED,
  formatTypes,
  mergeTags,
  readScanTags,
  type TaggingOutcome,
} from '../scanner/tags.js';
import type { Detection, MacieFinding } from './finding-event.js';
import { MACIE_IDENTIFIER_TYPES, identifierIdFromName } from './identifier-names.js';

/** The tag that says Macie, not the engine, set the level. */
export const SOURCE_TAG = { key: SOURCE_TAG_KEY, value: 'macie' } as const;

/**
 * Macie managed data identifiers that name one of our identifier types. Both credit card
 * identifiers are Luhn-validated by Macie; the keyword-less one is Macie's own decision to report.
 */
export const MANAGED_TYPE_MAP: Readonly<Record<string, PiiType>> = {
  CREDIT_CARD_NUMBER: 'bank_card',
  'CREDIT_CARD_NUMBER_(NO_KEYWORD)': 'bank_card',
};

/** A finding in the project's vocabulary. */
export interface FindingClassification {
  /** Our types, from every detection. */
  readonly types: readonly PiiType[];
  /** Our types from managed (validated) identifiers only. */
  readonly managedTypes: readonly PiiType[];
  /** Level of `types` under the policy. */
  readonly level: Sensitivity;
  /** Level of `managedTypes` under the policy. */
  readonly managedLevel: Sensitivity;
  /** Detections outside our vocabulary: managed type names and other custom identifier names. */
  readonly unmapped: readonly string[];
}

const found = (detections: readonly Detection[]) => detections.filter((d) => d.count > 0);

/** Maps a finding's detections to our types and levels (step 1 of the module doc). */
export function classifyFinding(
  finding: Pick<MacieFinding, 'managed' | 'custom'>,
  vaultName: string,
  policy: Policy = DEFAULT_POLICY,
): FindingClassification {
  const managedTypes = new Set<PiiType>();
  const customTypes = new Set<PiiType>();
  const unmapped = new Set<string>();
  for (const d of found(finding.managed)) {
    const type = Object.hasOwn(MANAGED_TYPE_MAP, d.identifier) ? MANAGED_TYPE_MAP[d.identifier] : undefined;
    if (type) managedTypes.add(type);
    else unmapped.add(d.identifier);
  }
  for (const d of found(finding.custom)) {
    const id = identifierIdFromName(vaultName, d.identifier);
    if (id) customTypes.add(MACIE_IDENTIFIER_TYPES[id]);
    else unmapped.add(d.identifier);
  }
  const types = [...new Set([...managedTypes, ...customTypes])];
  return {
    types,
    managedTypes: [...managedTypes],
    level: classify(types, policy),
    managedLevel: classify(managedTypes, policy),
    unmapped: [...unmapped].sort(),
  };
}

/** Who set a version's current level. */
export type LevelSetBy = 'nobody' | 'macie' | 'engine' | 'engine-failed';

/** Why the decision is what it is (the Reason column of the module doc). */
export type DecisionReason =
  | 'no-mapped-types'
  | 'unclassified'
  | 'macie-raised'
  | 'not-higher'
  | 'managed-higher'
  | 'regex-only'
  | 'failed-upgraded'
  | 'no-room';

/** The tag decision for one version. */
export interface TagDecision {
  /** True when `tags` must be written (PutObjectTagging). */
  readonly write: boolean;
  readonly reason: DecisionReason;
  readonly setBy: LevelSetBy;
  /** The level before the finding (undefined when there was none). */
  readonly before?: ObjectLevel;
  /** The level after the finding (the one written, or the one that stands). */
  readonly after?: ObjectLevel;
  /** The full tag set to write; the existing tags when `write` is false. */
  readonly tags: readonly S3Tag[];
  /** How the merge went, for a write or a `no-room` skip. */
  readonly outcome?: TaggingOutcome;
  /** Our keys that did not fit (partial writes). */
  readonly omitted: readonly string[];
}

const OBJECT_LEVELS: ReadonlySet<string> = new Set<string>([...SENSITIVITY_LEVELS, 'failed']);

/** Who set the level of a tag set (see the module doc). */
export function levelSetBy(tags: readonly S3Tag[]): { readonly setBy: LevelSetBy; readonly level?: ObjectLevel } {
  const ours = readScanTags(tags);
  const level = ours.sensitivity !== undefined && OBJECT_LEVELS.has(ours.sensitivity) ? (ours.sensitivity as ObjectLevel) : undefined;
  if (level === undefined) return { setBy: 'nobody' };
  const byMacie = tags.some((t) => t.Key === SOURCE_TAG.key && t.Value === SOURCE_TAG.value);
  if (byMacie && ours.engine === undefined) return { setBy: 'macie', level };
  return { setBy: level === 'failed' ? 'engine-failed' : 'engine', level };
}

/** True when `a` ranks strictly above `b`. */
function isHigher(a: ObjectLevel, b: ObjectLevel): boolean {
  return a !== b && higherLevel(a, b) === a;
}

/** The types already on a version (`none` and the truncation mark dropped). */
function typesOnVersion(tags: readonly S3Tag[]): string[] {
  const value = readScanTags(tags).types;
  if (value === undefined || value === NO_TYPES) return [];
  const listed = value.endsWith(TYPES_TRUNCATED) ? value.slice(0, -TYPES_TRUNCATED.length) : value;
  return listed.split(TYPES_SEPARATOR).filter((t) => t.length > 0);
}

/**
 * Decides what a classified finding changes on a version with tags `existing` (step 2 of the
 * module doc). `date` (`YYYY-MM-DD`) goes into `shredlock:scanned` where Macie sets the level.
 */
export function decideTags(classification: FindingClassification, existing: readonly S3Tag[], date: string): TagDecision {
  const { setBy, level: before } = levelSetBy(existing);
  const keep = (reason: DecisionReason): TagDecision => ({ write: false, reason, setBy, before, after: before, tags: existing, omitted: [] });
  if (classification.types.length === 0) return keep('no-mapped-types');

  let after: ObjectLevel;
  let types: readonly string[];
  let reason: DecisionReason;
  switch (setBy) {
    case 'nobody':
      [after, types, reason] = [classification.level, classification.types, 'unclassified'];
      break;
    case 'macie':
      if (!isHigher(classification.level, before!)) return keep('not-higher');
      [after, types, reason] = [classification.level, [...typesOnVersion(existing), ...classification.types], 'macie-raised'];
      break;
    case 'engine':
      if (isHigher(classification.managedLevel, before!)) {
        [after, types, reason] = [classification.managedLevel, [...typesOnVersion(existing), ...classification.managedTypes], 'managed-higher'];
        break;
      }
      return keep(isHigher(classification.level, before!) ? 'regex-only' : 'not-higher');
    case 'engine-failed':
      if (!isHigher(classification.level, before!)) return keep('not-higher');
      [after, types, reason] = [classification.level, [...typesOnVersion(existing), ...classification.types], 'failed-upgraded'];
      break;
  }

  const current = readScanTags(existing);
  const engineSet = setBy === 'engine' || setBy === 'engine-failed';
  const ours: S3Tag[] = [
    { Key: TAG_KEYS.sensitivity, Value: after },
    ...(engineSet && current.engine !== undefined ? [{ Key: TAG_KEYS.engine, Value: current.engine }] : []),
    { Key: SOURCE_TAG.key, Value: SOURCE_TAG.value },
    { Key: TAG_KEYS.types, Value: formatTypes(types) },
    { Key: TAG_KEYS.scanned, Value: engineSet && current.scanned !== undefined ? current.scanned : date },
  ];
  // The scanner's merge does not know the source tag: drop ours from "other systems' tags" first.
  const merge = mergeTags(
    existing.filter((t) => t.Key !== SOURCE_TAG.key),
    ours,
  );
  if (merge.outcome === 'skipped') return { ...keep('no-room'), outcome: 'skipped', omitted: merge.omitted };
  return { write: true, reason, setBy, before, after, tags: merge.tags, outcome: merge.outcome, omitted: merge.omitted };
}
