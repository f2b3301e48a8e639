/**
 * Findings kept on disk until the report is written: with `--max-findings 0` (every finding
 * listed) a large customer export holds millions of findings, about 550 bytes of memory each, and
 * the report is written only when every file is scanned. Each file's listed findings go instead to
 * a file of JSON lines in a private temporary folder (mode 0700, files 0600: they are the
 * report's findings, raw values too with `--reveal`), written as they are found, read back while
 * the JSON report is rendered, and removed with the folder when the report is written, the
 * process exits or a signal (Ctrl-C, SIGTERM, SIGHUP) ends it.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type FindingKeeper, type ObjectReport, type ReportedFinding, temporaryFolder } from '../lambdas/engine/index.js';
import type { FindingStore } from '../lambdas/scanner/index.js';

/** Findings listed per file above which the CLI keeps them on disk (0 lists all, so always). */
export const SPILL_OVER = 1000;

/** True when a cap of `maxFindings` findings per file is better kept on disk. */
export function spills(maxFindings: number): boolean {
  return maxFindings === 0 || maxFindings > SPILL_OVER;
}

/** Signals that end the process: the spill folder is removed first. */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Bytes gathered before one write. */
const WRITE_BYTES = 1 << 16;

/**
 * Writes one file's findings as JSON lines, at most `cap` of them (0: all), synchronously in
 * blocks (the engine hands findings over one at a time from synchronous code). Works in a scan
 * worker as well as in the main thread.
 */
export class SpillWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Findings written. */
  written = 0;

  constructor(
    readonly path: string,
    private readonly cap: number,
  ) {
    this.fd = openSync(path, 'w', 0o600);
  }

  /** Takes one finding (dropped once `cap` are written). */
  write(finding: ReportedFinding): void {
    if (this.cap !== 0 && this.written >= this.cap) return;
    this.written++;
    const line = `${JSON.stringify(finding)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= WRITE_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes what is gathered and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** The findings of one file, as `SpillWriter` wrote them. */
export interface Spilled {
  readonly path: string;
  readonly count: number;
}

/**
 * The report as a scan with spilled findings gives it: the file's report listing none (its
 * findings are in the spill file) with `findingsOmitted` as a cap of `maxFindings` gives it.
 */
export function spilledReport(report: ObjectReport, written: number): ObjectReport {
  const total = Object.values(report.counts).reduce((n, c) => n + (c ?? 0), 0);
  const { findingsOmitted: _omitted, ...rest } = report;
  return { ...rest, findings: [], ...(total > written ? { findingsOmitted: total - written } : {}) };
}

/**
 * The keeper of one file's findings (engine scanKeeping): they go to the spill file `path`, at most
 * `cap` (0: all), and the report lists none (spilledReport).
 */
export class SpillKeeper implements FindingKeeper {
  private readonly writer: SpillWriter;

  constructor(path: string, cap: number) {
    this.writer = new SpillWriter(path, cap);
  }

  /** Where the findings are, and how many. */
  get spilled(): Spilled {
    return { path: this.writer.path, count: this.writer.written };
  }

  onFinding(finding: ReportedFinding): void {
    this.writer.write(finding);
  }

  keep(report: ObjectReport): ObjectReport {
    this.writer.close();
    return spilledReport(report, this.writer.written);
  }

  abandon(): void {
    this.writer.close();
  }
}

/** A private temporary folder of spill files, one per scanned file, and where each report's findings are. */
export class FindingSpill {
  private folder: string | undefined;
  private readonly byReport = new Map<ObjectReport, Spilled>();
  private readonly removeOnExit = () => this.remove();
  /** On Ctrl-C and the like: remove the folder, then end as the signal would have. */
  private readonly removeOnSignal = (signal: NodeJS.Signals) => {
    this.remove();
    process.kill(process.pid, signal);
  };

  constructor(
    /** Findings listed per file (0: all), as `--max-findings`. */
    readonly cap: number,
  ) {}

  /** The spill file of the `index`-th file (the folder is made on first use). */
  pathFor(index: number): string {
    if (this.folder === undefined) {
      this.folder = mkdtempSync(join(temporaryFolder(), 'shredlock-findings-'));
      process.once('exit', this.removeOnExit);
      for (const signal of SIGNALS) process.once(signal, this.removeOnSignal);
    }
    return join(this.folder, `${index}.jsonl`);
  }

  /** Records that `report`'s findings are in a spill file. */
  set(report: ObjectReport, spilled: Spilled): void {
    this.byReport.set(report, spilled);
  }

  /** Where `report`'s findings are, when they were spilled. */
  of(report: ObjectReport): Spilled | undefined {
    return this.byReport.get(report);
  }

  /** The keeper of the `index`-th file's findings: what it keeps is recorded here (`of`). */
  keeper(index: number): FindingKeeper {
    const spill = new SpillKeeper(this.pathFor(index), this.cap);
    return {
      onFinding: (finding) => spill.onFinding(finding),
      keep: (report) => {
        const kept = spill.keep(report);
        this.set(kept, spill.spilled);
        return kept;
      },
      abandon: () => spill.abandon(),
    };
  }

  /** A FindingStore of the S3 scan (lambdas/scanner/scan-object.ts): a keeper per version, in scan order. */
  store(): FindingStore {
    let opened = 0;
    return { open: () => this.keeper(opened++) };
  }

  /** Removes the folder and every spill file. */
  remove(): void {
    if (this.folder === undefined) return;
    rmSync(this.folder, { recursive: true, force: true });
    process.removeListener('exit', this.removeOnExit);
    for (const signal of SIGNALS) process.removeListener(signal, this.removeOnSignal);
    this.folder = undefined;
  }
}

/** The findings of a spill file, in the order they were written, read in blocks. */
export function* readSpilled(spilled: Spilled): Generator<ReportedFinding> {
  const fd = openSync(spilled.path, 'r');
  try {
    const block = Buffer.alloc(WRITE_BYTES);
    let rest = '';
    const decoder = new TextDecoder();
    for (;;) {
      const read = readSync(fd, block, 0, block.length, null);
      const text = rest + decoder.decode(block.subarray(0, read), { stream: read > 0 });
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) yield JSON.parse(line) as ReportedFinding;
      if (read === 0) break;
    }
    if (rest.length > 0) yield JSON.parse(rest) as ReportedFinding;
  } finally {
    closeSync(fd);
  }
}
