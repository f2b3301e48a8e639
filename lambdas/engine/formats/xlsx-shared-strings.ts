/**
 * The shared strings of an XLSX (`xl/sharedStrings.xml`), read as text and kept compact: a workbook
 * of 20,000 customers has 190,000 of them, and every worksheet cell refers to them until the last
 * sheet is read. The strings are copied into joined blocks of BLOCK strings with their end offsets,
 * instead of one string (or rich-text object) each, whose text the parser had cut from its input
 * chunks: 188,725 strings of the bench's workbook took 20 MiB of heap held by exceljs.
 *
 * Past HELD_SHARED_CHARS the blocks' text goes to a file of a private scratch folder (scratch.ts),
 * as UTF-16 (a string's place in the file is twice its offset), and only their end offsets stay in
 * memory; `dispose` removes the folder. A sheet refers to its new strings in the order they were
 * written, and to a repeated one (a name, a bank) wherever it first came: so the newest blocks read
 * are kept whole (RECENT_BLOCKS), and an older block's string is read alone. Held whole, the 3.6
 * million strings of a workbook of 300,000 customers (45 MB) took about 80 MB of heap, and the
 * engine, as the scanner Lambda runs it, to 201-203 MiB. No room on the disk is LIMIT_EXCEEDED.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { noRoom, scratchFolder } from './scratch.js';
import { parseXml, type XmlParser } from './xml.js';

/** Strings joined into one block. */
const BLOCK = 1024;
/** Characters of shared strings held in memory (16 MiB as JavaScript's two bytes each); past it they go to a file. */
export const HELD_SHARED_CHARS = 8 * 1024 * 1024;
/** Blocks read back whole from the file and kept: the newest read and the one before it. */
const RECENT_BLOCKS = 2;

/** A block of strings: its text joined (undefined when it is in the file), and where each string ends in it. */
interface Block {
  readonly text: string | undefined;
  readonly ends: Uint32Array;
  /** Where its text starts in the file, in bytes (two a character). */
  readonly at: number;
}

/** Shared strings by index, in blocks of joined text. */
export class SharedStrings {
  private readonly blocks: Block[] = [];
  private pending: string[] = [];
  private count = 0;
  private heldChars = 0;
  /** The scratch folder and file, once the strings have passed `heldLimit`. */
  private folder: string | undefined;
  private fd: number | undefined;
  private written = 0;
  /** Blocks read back whole, by number, and the highest number read so. */
  private readonly recent = new Map<number, string>();
  private newest = -1;
  /** Bytes of one string read back alone. */
  private one = Buffer.alloc(256);

  /** `heldLimit`: characters held in memory before the blocks' text goes to a file. */
  constructor(private readonly heldLimit = HELD_SHARED_CHARS) {}

  /** Number of strings. */
  get size(): number {
    return this.count;
  }

  /** Adds the next string. */
  push(text: string): void {
    this.count++;
    this.pending.push(text);
    if (this.pending.length === BLOCK) this.seal();
  }

  /** Joins the strings added since the last block into one (a copy: no parser chunk stays reachable); call it after the last push. */
  seal(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    const ends = new Uint32Array(pending.length);
    let end = 0;
    for (let i = 0; i < pending.length; i++) ends[i] = end += pending[i].length;
    const text = pending.join('');
    if (this.fd !== undefined) {
      this.blocks.push(this.file(text, ends));
      return;
    }
    this.blocks.push({ text, ends, at: -1 });
    this.heldChars += text.length;
    if (this.heldChars > this.heldLimit) this.spill();
  }

  /** The string at `index`; undefined past the end (a cell that refers to no string is empty). */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const b = Math.floor(index / BLOCK);
    const block = this.blocks[b];
    if (block === undefined) return undefined; // not sealed yet
    const i = index % BLOCK;
    const start = i === 0 ? 0 : block.ends[i - 1];
    const end = block.ends[i];
    const text = block.text ?? this.recent.get(b) ?? (b >= this.newest - 1 ? this.readBlock(b, block) : undefined);
    return text === undefined ? this.readOne(block, start, end) : text.slice(start, end);
  }

  /** Removes the scratch folder, if the strings went to a file. */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
    this.fd = undefined;
    this.folder = undefined;
    this.recent.clear();
  }

  /** Moves the text of the blocks held so far to a new scratch file; later blocks go there as they are sealed. */
  private spill(): void {
    try {
      this.folder = scratchFolder('xlsx');
      this.fd = openSync(join(this.folder, 'shared-strings'), 'wx+', 0o600);
    } catch (error) {
      throw noRoom(error, 'the shared strings of an XLSX') ?? error;
    }
    for (let b = 0; b < this.blocks.length; b++) this.blocks[b] = this.file(this.blocks[b].text!, this.blocks[b].ends);
    this.heldChars = 0;
  }

  /** Writes a block's text at the end of the file. */
  private file(text: string, ends: Uint32Array): Block {
    const bytes = Buffer.from(text, 'utf16le');
    try {
      writeSync(this.fd!, bytes, 0, bytes.length, this.written);
    } catch (error) {
      throw noRoom(error, 'the shared strings of an XLSX') ?? error;
    }
    const block: Block = { text: undefined, ends, at: this.written };
    this.written += bytes.length;
    return block;
  }

  /** Block `b`'s text, read back whole and kept among the recent ones. */
  private readBlock(b: number, block: Block): string {
    const chars = block.ends[block.ends.length - 1];
    const bytes = Buffer.allocUnsafe(chars * 2);
    readSync(this.fd!, bytes, 0, bytes.length, block.at);
    const text = bytes.toString('utf16le');
    if (this.recent.size === RECENT_BLOCKS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(b, text);
    this.newest = Math.max(this.newest, b);
    return text;
  }

  /** Characters [start, end) of a block in the file, read alone. */
  private readOne(block: Block, start: number, end: number): string {
    const length = (end - start) * 2;
    if (this.one.length < length) this.one = Buffer.alloc(length);
    readSync(this.fd!, this.one, 0, length, block.at + start * 2);
    return this.one.toString('utf16le', 0, length);
  }
}

/**
 * Reads `xl/sharedStrings.xml`: the text of every `<si>`, from its `<t>` elements only (whitespace
 * between tags is no text), rich text runs joined. A phonetic reading (`<rPh>`, furigana) follows
 * the text after a newline. exceljs kept only the phonetic text of such a string, and so lost the
 * text itself; this reader scans both.
 */
export async function readSharedStrings(chunks: AsyncIterable<string>): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const listen = (parser: XmlParser): void => {
    let text = '';
    let phonetic = '';
    let inText = false;
    let inPhonetic = false;
    parser.on('opentag', (tag) => {
      if (tag.name === 'si') {
        text = '';
        phonetic = '';
      } else if (tag.name === 't') inText = true;
      else if (tag.name === 'rPh') inPhonetic = true;
    });
    parser.on('text', (value) => {
      if (!inText) return;
      if (inPhonetic) phonetic += value;
      else text += value;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === 't') inText = false;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'si') strings.push(phonetic === '' ? text : `${text}\n${phonetic}`);
    });
  };
  try {
    for await (const _ of parseXml<never>(chunks, 'xlsx shared strings', listen, { close: false }));
    strings.seal();
  } catch (error) {
    strings.dispose();
    throw error;
  }
  return strings;
}
