/**
 * Scans one object version that is too large for one scanner run (a 100 GB database dump) in byte
 * ranges, across runs, resuming from a checkpoint in the records bucket (range-checkpoint.ts).
 *
 * Text formats only (text, CSV, TSV, JSON, JSON Lines, in UTF-8 or GBK/GB18030): a range ends at
 * the first line start at least `rangeBytes` after its own start (a newline byte is never inside
 * a UTF-8 or GBK character, so each range decodes on its own). Each range is read with
 * `CONTEXT_BYTES` before and after it, from line starts, so a finding near an edge sees the same
 * context as in one pass; the matcher reports only the findings on the range's own lines, numbered
 * as in the whole object, and a CSV's column headers are carried over from its first line.
 *
 * | Object (larger than `rangeBytes`)      | Result                                             |
 * |----------------------------------------|----------------------------------------------------|
 * | text family, not UTF-16 (a SQL dump or an HTML page too, read as plain text: Source.plainText) | scanned in ranges until the deadline, then resumed |
 * | any other format, UTF-16 and UTF-32, and binary (read by the strings pass, which is not cut in ranges) | `failed`, TOO_LARGE_FOR_ONE_RUN (never retried in a loop) |
 * | text in which a range meets a file embedded as base64 (embedded.ts: it may lie across a range's edge, or in its context) | `failed`, TOO_LARGE_FOR_ONE_RUN, with the findings of the ranges before |
 *
 * At least one range is scanned per run, so every run makes progress. A range that cannot be
 * read ends the object `failed` (READ_FAILED), like a whole-object scan.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { DETECTORS } from '../engine/detectors/index.js';
import { ScanError } from '../engine/errors.js';
import { utf16ByContent, utf32Of } from '../engine/formats/charset.js';
import { openContent } from '../engine/formats/index.js';
import { SNIFF_BYTES } from '../engine/formats/sniff.js';
import { DEFAULT_READ_LIMITS, type Source } from '../engine/formats/source.js';
import { contextWordsOf } from '../engine/match.js';
import { ObjectFindings, objectReport, scanText, toScanError, DEFAULT_MAX_FINDINGS, type ObjectReport, type ScanOptions } from '../engine/scan.js';
import type { Format } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { keyHash, type ObjectVersionRef } from '../aws/object-ref.js';
import { loadCheckpoint, saveCheckpoint, type CheckpointStore, type RangeCheckpoint } from './range-checkpoint.js';
import { streamVersion } from './s3-source.js';

/**
 * Bytes read before and after a range for context: more than the matcher's lookback and overlap
 * (96 + 256 characters) at 4 bytes a character.
 */
export const CONTEXT_BYTES = 4096;
/** Formats scanned in ranges. */
export const RANGED_FORMATS: readonly Format[] = ['text', 'csv', 'tsv', 'json', 'jsonl'];

const NEWLINE = 0x0a;

/** Options of scanInRanges. */
export interface RangedScanOptions extends Omit<ScanOptions, 'limits'> {
  /** Bytes per range (and the size above which an object is scanned in ranges). */
  readonly rangeBytes: number;
  readonly store: CheckpointStore;
  /** Epoch milliseconds after which no further range is started. @default none */
  readonly deadlineMs?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Done (the object's report), or stopped at the deadline with the next range's offset stored. */
export type RangedScanResult =
  | { readonly done: true; readonly report: ObjectReport; readonly ranges: number }
  | { readonly done: false; readonly offset: number; readonly ranges: number };

function countNewlines(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE, from); i >= 0 && i < to; i = bytes.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** The bytes before `offset` worth reading for context: from the first line start in the last CONTEXT_BYTES. */
async function contextBefore(s3: S3Client, ref: ObjectVersionRef, offset: number): Promise<Uint8Array> {
  if (offset === 0) return new Uint8Array(0);
  const from = Math.max(0, offset - CONTEXT_BYTES);
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamVersion(s3, ref, from, offset - 1)) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (from === 0) return bytes;
  const nl = bytes.indexOf(NEWLINE);
  return nl < 0 ? new Uint8Array(0) : bytes.subarray(nl + 1);
}

/** What one range found out about where the next one starts. */
interface RangeCut {
  /** Offset of the next range (a line start), or the object's size. */
  next: number;
  /** Last line of this range, once the cut is known. */
  lastLine?: number;
}

/**
 * The bytes a range's reader sees: the context before, the range, and the context after its end.
 * Finds the cut (the first line start at or after `start + rangeBytes`) while streaming, before
 * the bytes after it reach the matcher.
 */
function rangeSource(s3: S3Client, ref: ObjectVersionRef, size: number, start: number, before: Uint8Array, line: number, rangeBytes: number, cut: RangeCut): Source {
  return {
    name: ref.key,
    plainText: true,
    async *open() {
      if (before.length > 0) yield before;
      let at = start;
      let lines = 0;
      let stopAt = size;
      for await (const chunk of streamVersion(s3, ref, start)) {
        const target = start + rangeBytes;
        if (cut.lastLine === undefined && at + chunk.length > target) {
          const from = Math.max(0, target - at);
          const nl = chunk.indexOf(NEWLINE, from);
          if (nl >= 0) {
            cut.next = at + nl + 1;
            cut.lastLine = line + lines + countNewlines(chunk, 0, nl);
            stopAt = Math.min(size, cut.next + CONTEXT_BYTES);
          }
        }
        if (cut.lastLine === undefined) lines += countNewlines(chunk);
        const take = Math.min(chunk.length, stopAt - at);
        yield take === chunk.length ? chunk : chunk.subarray(0, take);
        at += take;
        if (at >= stopAt) return;
      }
    },
  };
}

/**
 * UTF-16 or UTF-32 text (with a BOM, or by content as the engine sniffs it): its newlines are two
 * or four bytes, and a range cut after a newline's first byte would read the rest out of step.
 */
async function isWideText(s3: S3Client, ref: ObjectVersionRef, size: number): Promise<boolean> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamVersion(s3, ref, 0, Math.min(size, SNIFF_BYTES) - 1)) chunks.push(chunk);
  const head = Buffer.concat(chunks);
  const bom = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  return bom || utf16ByContent(head) !== undefined || utf32Of(head) !== undefined;
}

function tooLarge(key: string, size: number, format: Format, rangeBytes: number): ObjectReport {
  const error = new ScanError('TOO_LARGE_FOR_ONE_RUN', `${format} larger than ${rangeBytes} bytes cannot be scanned in ranges`);
  return objectReport({ key, size, format, sink: new ObjectFindings(false, 0), error });
}

/** Scans `ref` (of `size` bytes) in ranges from its checkpoint until done or the deadline (see the module doc). */
export async function scanInRanges(s3: S3Client, ref: ObjectVersionRef, size: number, options: RangedScanOptions): Promise<RangedScanResult> {
  const { rangeBytes, store, deadlineMs, clock = Date.now, now = () => new Date() } = options;
  const detectors = options.detectors ?? DETECTORS;
  const reveal = options.reveal ?? false;
  const max = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  let cp = await loadCheckpoint(s3, store, ref, size);
  let ranges = 0;
  for (;;) {
    if (ranges > 0 && deadlineMs !== undefined && clock() >= deadlineMs) {
      return { done: false, offset: cp!.offset, ranges };
    }
    const offset = cp?.offset ?? 0;
    const line = cp?.line ?? 1;
    const sink = new ObjectFindings(reveal, max, cp ? { counts: cp.counts, listed: cp.findings, omitted: cp.omitted } : undefined);
    const cut: RangeCut = { next: size };
    let format: Format = cp?.format ?? 'binary';
    let headers: readonly string[] | undefined = cp?.headers ?? undefined;
    let rowHeaders = cp?.rowHeaders ?? false;
    let error: ScanError | undefined;
    try {
      if (offset === 0 && (await isWideText(s3, ref, size))) return { done: true, report: tooLarge(ref.key, size, 'text', rangeBytes), ranges };
      const before = await contextBefore(s3, ref, offset);
      const firstLine = line - countNewlines(before);
      const source = rangeSource(s3, ref, size, offset, before, line, rangeBytes, cut);
      const content = await openContent(source, DEFAULT_READ_LIMITS);
      if (offset === 0) format = content.format;
      if (!RANGED_FORMATS.includes(content.format)) {
        await content.parts[Symbol.asyncIterator]().return?.();
        return { done: true, report: tooLarge(ref.key, size, format, rangeBytes), ranges };
      }
      const owns = (n: number) => n >= line && (cut.lastLine === undefined || n <= cut.lastLine);
      for await (const part of content.parts) {
        if (part.where.entry !== undefined) {
          // A file embedded as base64 (embedded.ts) may lie across a range's edge, or in its context.
          error ??= new ScanError('TOO_LARGE_FOR_ONE_RUN', `${format} larger than ${rangeBytes} bytes with files embedded as base64 cannot be scanned in ranges`);
          break;
        }
        if (part.kind === 'error') error ??= part.error;
        else if (part.kind === 'text') {
          const matcher = await scanText(part, detectors, sink, { firstLine, headers, rowHeaders, owns });
          // Only the context words of its headers are carried on (and kept in the checkpoint): a
          // headerless CSV's first row, taken for its header row, is names and IDs.
          if (headers === undefined && matcher.columnHeaders !== undefined) {
            const words = contextWordsOf(detectors);
            headers = matcher.columnHeaders.map((header) => words.wordsOf(header));
            rowHeaders = matcher.rowHeaders;
          }
        }
      }
    } catch (thrown) {
      error = toScanError(thrown);
    }
    ranges++;
    const done = error !== undefined || cut.lastLine === undefined || cut.next >= size;
    if (done) {
      // A finished checkpoint is never resumed: a later rescan starts from the beginning.
      if (cp) await saveCheckpoint(s3, store, ref, { ...cp, offset: size, updatedAt: now().toISOString() });
      return { done: true, report: objectReport({ key: ref.key, size, format, sink, policy: options.policy, error }), ranges };
    }
    cp = {
      type: 'shredlock.range-scan',
      version: 1,
      bucket: ref.bucket,
      versionId: ref.versionId,
      keyHash: keyHash(ref.key),
      engine: ENGINE_VERSION,
      size,
      format,
      headers: headers ? [...headers] : null,
      rowHeaders,
      offset: cut.next,
      line: cut.lastLine! + 1,
      ranges: (cp?.ranges ?? 0) + 1,
      counts: sink.counts,
      findings: sink.listed,
      omitted: sink.omitted,
      updatedAt: now().toISOString(),
    } satisfies RangeCheckpoint;
    // Stored after every range: a run that dies mid-range loses that range only.
    await saveCheckpoint(s3, store, ref, cp);
  }
}
