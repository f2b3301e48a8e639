/**
 * The text part of a reader that parses its source once and hands on cells first (html.ts,
 * sql.ts, spreadsheetml.ts, json-table.ts, text-table.ts, docx.ts, odf.ts, vcard.ts): the text between and around the cells is held while the cells are
 * read, then read as a part of its own. A source may go by only once (a tar's member), so the
 * reader cannot go back for it.
 *
 * Held in memory up to HELD_TEXT_CHARS, beyond that in a file of the reader's private scratch
 * folder (scratch.ts), removed with `dispose`: a page of scripts or a dump of statements that do
 * not parse holds as much text as it is large. No room on the disk is LIMIT_EXCEEDED.
 */
import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { sourceBytes } from './bytes.js';
import { withEmbeddedFiles } from './embedded.js';
import { unescapedText } from './escapes.js';
import { whereOf, type ReadContext } from './limits.js';
import { OpacityMeter } from './opacity.js';
import { noRoom, scratchFolder, type ScratchReader } from './scratch.js';
import type { Source } from './source.js';
import { decodeText, detectEncoding, opaqueTextError } from './text.js';

/** Characters held in memory before the text goes to a file (8 MiB as JavaScript's two bytes each). */
export const HELD_TEXT_CHARS = 4 * 1024 * 1024;

/** What each reader reads, for an error message. */
const WHAT = { html: 'an HTML page', sql: 'a SQL dump', spreadsheetml: 'an Excel 2003 XML workbook', json: 'a JSON document', texttable: 'a text with tables', docx: 'a Word document', odt: 'an OpenDocument file', vcard: 'a vCard file' } as const satisfies Partial<Record<ScratchReader, string>>;

/** Characters written to the held file at a time. */
const WRITE_CHARS = 256 * 1024;

/** Chunks the held file is read back in. */
const READ_BYTES = 256 * 1024;

export class HeldText {
  private pieces: string[] = [];
  private chars = 0;
  private folder: string | undefined;
  private fd: number | undefined;
  private complete = false;

  /** `reader` names the scratch folder (`shredlock-<reader>-*`) and the error messages. */
  constructor(
    readonly reader: keyof typeof WHAT,
    private readonly heldChars = HELD_TEXT_CHARS,
  ) {}

  add(text: string): void {
    if (text === '') return;
    if (this.folder === undefined) {
      this.pieces.push(text);
      this.chars += text.length;
      if (this.chars <= this.heldChars) return;
      this.folder = scratchFolder(this.reader);
      this.fd = openSync(join(this.folder, 'text'), 'wx', 0o600);
      const pieces = this.pieces;
      this.pieces = [];
      for (const piece of pieces) this.write(piece);
    } else this.write(text);
  }

  /** The source was read to its end: every piece of its text is held. */
  finish(): void {
    this.complete = true;
    this.closeFile();
  }

  /**
   * The held text, in order. Read before the source was read to its end (its cells left
   * half-read) is READ_FAILED: a text cut short must not pass as the whole.
   */
  async *chunks(): AsyncGenerator<string> {
    if (!this.complete) throw new ScanError('READ_FAILED', `${this.reader}: its text was asked for before its cells were read to their end`);
    if (this.folder === undefined) {
      yield* this.pieces;
      return;
    }
    yield* createReadStream(join(this.folder, 'text'), { encoding: 'utf8', highWaterMark: READ_BYTES }) as AsyncIterable<string>;
  }

  /** Frees the text: removes the file, if one was written. */
  dispose(): void {
    this.pieces = [];
    this.closeFile();
    if (this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }

  private write(text: string): void {
    try {
      // In slices: a text of megabytes (a document in one SQL value) as one buffer is its size again.
      for (let at = 0; at < text.length; ) {
        let end = Math.min(text.length, at + WRITE_CHARS);
        // Not between the two halves of a character beyond the BMP.
        if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
        writeSync(this.fd!, Buffer.from(text.slice(at, end), 'utf8'));
        at = end;
      }
    } catch (error) {
      throw noRoom(error, `the text of ${WHAT[this.reader]}`) ?? error;
    }
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * The parts of a one-pass reader: its cells (reading them holds its text in `held`), then that
 * text, its escapes decoded and its files embedded as base64 read as members, then OPAQUE when
 * `meter` measured compressed or encrypted bytes in it (text.ts); `held` is freed at the end.
 */
export async function* cellsThenHeldText(cells: () => AsyncIterator<readonly Cell[]>, held: HeldText, meter: OpacityMeter, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const where = whereOf(ctx);
  try {
    yield { kind: 'cells', where, cells: { [Symbol.asyncIterator]: cells } };
    // A JSON table's other text is compact JSON: its keys head their values.
    yield* withEmbeddedFiles({ kind: 'text', where, ...(held.reader === 'json' ? { keyed: true } : {}), chunks: { [Symbol.asyncIterator]: () => unescapedText(held.chunks()) } }, ctx);
    yield* opaqueTextError(meter, where);
  } finally {
    held.dispose();
  }
}

/** What a one-pass parse hands on: a cell, or text outside the cells. */
export type Piece = { readonly cell: Cell } | { readonly text: string };

/**
 * The parts of a text source read by `parse` in one pass (spreadsheetml.ts, json-table.ts, text-table.ts): the
 * source decoded as its head says (text.ts), the pieces' cells handed on as they come, their text
 * held, then cellsThenHeldText.
 */
export function readPiecesOnce(
  reader: keyof typeof WHAT,
  source: Source,
  head: Uint8Array,
  ctx: ReadContext,
  parse: (chunks: AsyncIterable<string>) => AsyncIterable<Piece[]>,
): AsyncGenerator<ContentPart> {
  const encoding = detectEncoding(head);
  const meter = new OpacityMeter();
  return piecesThenHeldText(reader, () => parse(decodeText(sourceBytes(source), encoding, meter)), meter, ctx);
}

/**
 * The parts of a one-pass parse (`pieces`, a source's or a package part's: docx.ts, odf.ts): its
 * cells handed on as they come, its text held, then cellsThenHeldText.
 */
export function piecesThenHeldText(reader: keyof typeof WHAT, pieces: () => AsyncIterable<Piece[]>, meter: OpacityMeter, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const held = new HeldText(reader);
  async function* cells(): AsyncGenerator<readonly Cell[]> {
    for await (const batch of pieces()) {
      const out: Cell[] = [];
      for (const piece of batch) {
        if ('cell' in piece) out.push(piece.cell);
        else held.add(piece.text);
      }
      if (out.length > 0) yield out;
    }
    held.finish();
  }
  return cellsThenHeldText(cells, held, meter, ctx);
}
