/**
 * The shared strings of an XLSX (`xl/sharedStrings.xml`), read the way exceljs's stream reader
 * reads them (the same text for every `<si>`, rich text runs joined) and kept compact: a workbook
 * of 20,000 customers has 190,000 of them, and every worksheet cell refers to them until the last
 * sheet is read. The strings are copied into joined blocks of BLOCK strings with their end offsets,
 * instead of one string (or rich-text object) each, whose text the parser had cut from its input
 * chunks: 188,725 strings of the bench's workbook took 20 MiB of heap held by exceljs.
 */
import { parseXml, type XmlParser } from './xml.js';

/** Strings joined into one block. */
const BLOCK = 1024;

/** Shared strings by index, in blocks of joined text. */
export class SharedStrings {
  private readonly blocks: string[] = [];
  /** End offset of string i inside its block. */
  private ends = new Uint32Array(BLOCK);
  private pending: string[] = [];
  private count = 0;

  /** Number of strings. */
  get size(): number {
    return this.count;
  }

  /** Adds the next string. */
  push(text: string): void {
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    const previous = this.count % BLOCK === 0 ? 0 : this.ends[this.count - 1];
    this.ends[this.count++] = previous + text.length;
    this.pending.push(text);
    if (this.pending.length === BLOCK) this.seal();
  }

  /** Joins the strings added since the last block into one (a copy: no parser chunk stays reachable); call it after the last push. */
  seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(''));
    this.pending = [];
  }

  /** The string at `index`; undefined past the end (a cell that refers to no string is empty). */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const block = this.blocks[Math.floor(index / BLOCK)];
    if (block === undefined) return undefined; // not sealed yet
    const start = index % BLOCK === 0 ? 0 : this.ends[index - 1];
    return block.slice(start, this.ends[index]);
  }
}

/**
 * Reads `xl/sharedStrings.xml`. As exceljs does: a `<t>` starts the text again, every text event
 * until the next `<t>` or `</r>` is part of it, and a string of runs is the runs' texts joined.
 */
export async function readSharedStrings(chunks: AsyncIterable<string>): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const listen = (parser: XmlParser): void => {
    let text: string | null = null;
    let runs: (string | null)[] = [];
    parser.on('opentag', (tag) => {
      if (tag.name === 'si') {
        runs = [];
        text = null;
      } else if (tag.name === 't') text = null;
    });
    parser.on('text', (value) => {
      text = text === null ? value : text + value;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === 'r') {
        runs.push(text);
        text = null;
      } else if (tag.name === 'si') {
        strings.push(runs.length > 0 ? runs.map((run) => run ?? '').join('') : (text ?? ''));
        runs = [];
        text = null;
      }
    });
  };
  for await (const _ of parseXml<never>(chunks, 'xlsx shared strings', listen, { close: false }));
  strings.seal();
  return strings;
}
