/**
 * Scans one object: read (format readers) -> normalize/match/validate/context/resolve (matcher)
 * -> count -> classify. A reader or detector that fails marks the object `failed` with a code;
 * it is never reported public for want of reading it.
 */
import { afterValue } from './collect.js';
import { CellProfiles } from './column-profile.js';
import { DETECTORS } from './detectors/index.js';
import { ScanError, isScanError, type ScanErrorCode } from './errors.js';
import { openContent } from './formats/index.js';
import { DEFAULT_READ_LIMITS, type ReadLimits, type Source } from './formats/source.js';
import { leftLabel } from './header-row.js';
import { contextWordsOf, scanString, toFinding, type Candidate } from './match.js';
import { DEFAULT_POLICY, classify, higherLevel, policyChanges, type Policy, type PolicyChanges } from './classification.js';
import { TextMatcher, type FindingSink, type TextMatcherOptions } from './text-matcher.js';
import type { Cell, CellsPart, Detector, Finding, Format, ObjectLevel, PiiType, TextPart } from './types.js';

/** Findings listed per object unless the caller says otherwise (counts are always exact). */
export const DEFAULT_MAX_FINDINGS = 100;

/** A finding as reported: no raw value unless revealed. */
export type ReportedFinding = Omit<Finding, 'value'> & { value?: string };

/** One object in a report. Part of the report format (docs/scan.md, "JSON report"). */
export interface ObjectReport {
  key: string;
  size: number;
  format: Format;
  /** `strings` when the object, or a member of it, was read by the strings pass (no reader knew it). */
  fallback?: 'strings';
  sensitivity: ObjectLevel;
  counts: Partial<Record<PiiType, number>>;
  findings: ReportedFinding[];
  /** Findings not listed because of `maxFindings`. */
  findingsOmitted?: number;
  error?: { code: ScanErrorCode; message: string };
  /**
   * The classification policy the level was given under, where it is not the seed policy: the
   * types whose level it changes, with their level under it (`{"cn_mobile": "public"}`). Absent:
   * the seed policy of the engine version that scanned.
   */
  policyChanges?: PolicyChanges;
}

/** Options of scanSource. */
export interface ScanOptions {
  readonly detectors?: readonly Detector[];
  readonly policy?: Policy;
  /** Keep the raw matched text in `value` (the operator asked for it). */
  readonly reveal?: boolean;
  /** Findings listed per object; 0 lists all. @default DEFAULT_MAX_FINDINGS */
  readonly maxFindings?: number;
  readonly limits?: ReadLimits;
  /**
   * Called with every finding as it is found (with `value` when `reveal`), whatever the list's cap:
   * for callers that reduce each finding at once, so that memory does not grow with the findings
   * of a large object (the notification list). The report still counts every finding and lists
   * at most `maxFindings`.
   */
  readonly onFinding?: (finding: ReportedFinding) => void;
}

/** Turns anything thrown into a ScanError whose message carries no content, path or key. */
export function toScanError(error: unknown, fallback: ScanErrorCode = 'READ_FAILED'): ScanError {
  if (isScanError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : (error as Error | null)?.name ?? 'error';
  return new ScanError(fallback, `${fallback === 'DETECTOR_FAILED' ? 'detector' : 'read'} failed (${detail})`, {
    cause: error,
  });
}

/**
 * Collects findings of one object: exact counts, a capped list (carried on from `start` when
 * resuming), and every finding passed to `each` when one is given.
 */
export class ObjectFindings implements FindingSink {
  /** Counts by type, in the order types were first found (a Map: counting is the hottest call of a scan). */
  private readonly tally: Map<PiiType, number>;
  readonly listed: ReportedFinding[];
  omitted: number;
  constructor(
    private readonly reveal: boolean,
    private readonly max: number,
    start?: { counts: Partial<Record<PiiType, number>>; listed: readonly ReportedFinding[]; omitted: number },
    private readonly each?: (finding: ReportedFinding) => void,
  ) {
    this.tally = new Map(Object.entries(start?.counts ?? {}) as [PiiType, number][]);
    this.listed = [...(start?.listed ?? [])];
    this.omitted = start?.omitted ?? 0;
  }

  /** The exact count of findings by type. */
  get counts(): Partial<Record<PiiType, number>> {
    return Object.fromEntries(this.tally);
  }

  private get full(): boolean {
    return this.max !== 0 && this.listed.length >= this.max;
  }

  count(type: PiiType): boolean {
    this.tally.set(type, (this.tally.get(type) ?? 0) + 1);
    // Without `each`, a finding that will not be listed is not built at all.
    if (this.each === undefined && this.full) {
      this.omitted++;
      return false;
    }
    return true;
  }

  add(finding: Finding): void {
    let reported: ReportedFinding = finding;
    if (!this.reveal) {
      const { value: _value, ...masked } = finding;
      reported = masked;
    }
    this.each?.(reported);
    if (this.full) this.omitted++;
    else this.listed.push(reported);
  }
}

/** Streams one text part through a matcher into `sink`; returns the matcher (its column headers). */
export async function scanText(
  part: TextPart,
  detectors: readonly Detector[],
  sink: FindingSink,
  resume?: TextMatcherOptions['resume'],
): Promise<TextMatcher> {
  const matcher = new TextMatcher({ detectors, where: part.where, delimiter: part.delimiter, keyed: part.keyed, sink, resume });
  for await (const chunk of part.chunks) {
    try {
      matcher.push(chunk);
    } catch (error) {
      throw toScanError(error, 'DETECTOR_FAILED');
    }
  }
  try {
    matcher.end();
  } catch (error) {
    throw toScanError(error, 'DETECTOR_FAILED');
  }
  return matcher;
}

async function scanCells(part: CellsPart, detectors: readonly Detector[], sink: ObjectFindings): Promise<void> {
  let cell: Cell;
  // As in a text: a finding that will not be listed is counted, not built.
  const emit = (c: Candidate): void => {
    if (sink.count(c.type)) sink.add(toFinding(c, cell.text, { ...part.where, sheet: cell.sheet, cell: cell.ref }));
  };
  let left: Cell | undefined;
  const context = contextWordsOf(detectors);
  const isFieldName = (text: string): boolean => context.isFieldName(text);
  // Columns told by their values, rows by their first cell (column-profile.ts): a sheet's first cells are held for it.
  const columns = new CellProfiles(detectors);
  const scan = (cells: readonly Cell[]): void => {
    for (cell of cells) {
      // A form's label cell beside its value (header-row.ts leftLabel) counts as its header too;
      // one without its colon where the sheet's first column names its rows (a field's name there).
      const label = leftLabel(left, cell, columns.rowsNamed(cell.sheet) ? isFieldName : undefined);
      const header = label === undefined ? cell.header : cell.header === undefined ? label : `${cell.header} ${label}`;
      try {
        scanString(cell.text, detectors, header, emit);
      } catch (error) {
        throw toScanError(error, 'DETECTOR_FAILED');
      }
      left = cell;
      afterValue(cell.text.length);
    }
  };
  try {
    for await (const batch of part.cells) scan(columns.take(batch));
  } catch (error) {
    // A reader that fails mid-sheet fails after the cells it gave, those held among them.
    if (!isScanError(error) || error.code !== 'DETECTOR_FAILED') scan(columns.rest());
    throw error;
  }
  scan(columns.rest());
}

/** Scans one object and classifies it. Never throws for a bad object: the report carries the error. */
export async function scanSource(source: Source, key: string, options: ScanOptions = {}): Promise<ObjectReport> {
  const detectors = options.detectors ?? DETECTORS;
  const sink = new ObjectFindings(options.reveal ?? false, options.maxFindings ?? DEFAULT_MAX_FINDINGS, undefined, options.onFinding);
  let size = 0;
  const counted: Source = {
    ...source,
    async *open() {
      for await (const chunk of source.open()) {
        size += chunk.byteLength;
        yield chunk;
      }
    },
  };
  let format: Format = 'binary';
  let error: ScanError | undefined;
  let fallback: 'strings' | undefined;
  try {
    const content = await openContent(counted, options.limits ?? DEFAULT_READ_LIMITS);
    format = content.format;
    for await (const part of content.parts) {
      if (part.kind === 'error') error ??= part.error;
      else if (part.kind === 'text') {
        fallback ??= part.fallback;
        await scanText(part, detectors, sink);
      }
      else await scanCells(part, detectors, sink);
    }
  } catch (thrown) {
    error = toScanError(thrown);
  }
  return objectReport({ key, size: source.size ?? size, format, fallback, sink, policy: options.policy, error });
}

/**
 * Where one object's listed findings go instead of its report (the CLI keeps them on disk with
 * `--max-findings 0`): it hears each finding as it is found, then `keep` gives the report as it is
 * kept (or `abandon` is called when the scan threw).
 */
export interface FindingKeeper {
  onFinding(finding: ReportedFinding): void;
  keep(report: ObjectReport): ObjectReport;
  abandon(): void;
}

/** Scans one object with its findings handed to `keeper` as they are found; the report as `keeper` keeps it. */
export async function scanKeeping(source: Source, key: string, options: ScanOptions, keeper: FindingKeeper): Promise<ObjectReport> {
  let report: ObjectReport;
  try {
    report = await scanSource(source, key, { ...options, maxFindings: 1, onFinding: (finding) => keeper.onFinding(finding) });
  } catch (error) {
    keeper.abandon();
    throw error;
  }
  return keeper.keep(report);
}

/** The report of one object from its collected findings: classified, `failed` when it was not read in full. */
export function objectReport(parts: {
  key: string;
  size: number;
  format: Format;
  /** `strings` when the object, or a member of it, was read by the strings pass. */
  fallback?: 'strings';
  sink: ObjectFindings;
  policy?: Policy;
  error?: ScanError;
}): ObjectReport {
  const { key, size, format, fallback, sink, error } = parts;
  const found = classify(Object.keys(sink.counts) as PiiType[], parts.policy ?? DEFAULT_POLICY);
  const report: ObjectReport = {
    key,
    size,
    format,
    ...(fallback === undefined ? {} : { fallback }),
    sensitivity: error ? higherLevel(found, 'failed') : found,
    counts: sink.counts,
    findings: sink.listed,
  };
  if (sink.omitted > 0) report.findingsOmitted = sink.omitted;
  if (error) report.error = { code: error.code, message: error.message };
  const changes = policyChanges(parts.policy);
  if (changes !== undefined) report.policyChanges = changes;
  return report;
}
