/**
 * The shared strings of an XLSX (`xl/sharedStrings.xml`), read as text and kept compact: a workbook
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
  for await (const _ of parseXml<never>(chunks, 'xlsx shared strings', listen, { close: false }));
  strings.seal();
  return strings;
}
