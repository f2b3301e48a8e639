/**
 * Streaming XML for the Office, OpenDocument, OFD and XPS readers: saxes (ISC) parses decoded
 * text as it arrives and a handler turns its events into items, handed on after each chunk, so
 * memory stays bounded by one chunk's items whatever the part's size, and a long text node reaches
 * the handlers in pieces (TextPieces). saxes expands no DTD entities (an entity bomb is an unknown
 * entity, hence CORRUPT) and never fetches anything.
 */
import { SaxesParser, type EventName, type EventNameToHandler, type SaxesOptions } from 'saxes';
import { ScanError } from '../errors.js';

/**
 * saxes, handing a long text on flat: it builds a text node by adding the slices between its
 * entities, and V8 keeps such a string as a tree of them (about four and a half times the text,
 * when escaped markup puts an entity in every few words) until something reads it whole. A handler
 * that keeps the pieces of a long node (TextPieces) would keep the trees too.
 */
class Parser<O extends SaxesOptions> extends SaxesParser<O> {
  override on<N extends EventName>(name: N, handler: EventNameToHandler<O, N>): void {
    if (name !== 'text') return super.on(name, handler);
    const text = handler as (text: string) => void;
    super.on(name, ((value: string) => {
      // Reading a character of a string built so makes V8 copy it into one flat string.
      if (value.length >= FLAT_TEXT_CHARS) value.charCodeAt(0);
      text(value);
    }) as EventNameToHandler<O, N>);
  }
}

/** Texts from this length on are made flat before their handler keeps them (shorter trees cost little). */
const FLAT_TEXT_CHARS = 4096;

/** A saxes parser in plain (non-namespace) mode: element names keep their `text:` prefixes. */
export type XmlParser = SaxesParser<{ xmlns: false }>;
/** A saxes parser in namespace mode: each element and attribute has its namespace URI and local name. */
export type XmlNsParser = SaxesParser<{ xmlns: true }>;

/**
 * Parses `chunks` and yields the items `listen` pushes to `out` while each chunk is parsed.
 * Malformed XML throws CORRUPT naming `label` (never the parser's message, which quotes content),
 * after the items parsed before it.
 * With `close: false` a document that stops before its root element is closed is not an error
 * (the XLSX reader keeps exceljs's tolerance of that).
 */
export function parseXml<T>(
  chunks: AsyncIterable<string>,
  label: string,
  listen: (parser: XmlParser, out: T[]) => void,
  { close = true }: { readonly close?: boolean } = {},
): AsyncGenerator<T[]> {
  const parser: XmlParser = new Parser({ xmlns: false });
  const out: T[] = [];
  listen(parser, out);
  return feed(parser, out, chunks, label, close);
}

/** parseXml with namespaces resolved (elements named by URI, whatever prefix a document uses). */
export function parseXmlNs<T>(chunks: AsyncIterable<string>, label: string, listen: (parser: XmlNsParser, out: T[]) => void): AsyncGenerator<T[]> {
  const parser: XmlNsParser = new Parser({ xmlns: true });
  const out: T[] = [];
  listen(parser, out);
  return feed(parser, out, chunks, label, true);
}

async function* feed<T>(
  parser: { write(chunk: string): unknown; close(): unknown },
  out: T[],
  chunks: AsyncIterable<string>,
  label: string,
  close: boolean,
): AsyncGenerator<T[]> {
  /** False when the XML broke: what was parsed before it is handed on, then CORRUPT. */
  const write = (chunk: string | null): boolean => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
      return true;
    } catch {
      return false;
    }
  };
  const corrupt = () => new ScanError('CORRUPT', `${label} is not well-formed XML`);
  const pieces = new TextPieces();
  for await (const chunk of chunks) {
    const ok = write(pieces.split(chunk));
    if (out.length > 0) yield out.splice(0);
    if (!ok) throw corrupt();
  }
  const ok = !close || write(null);
  if (out.length > 0) yield out.splice(0);
  if (!ok) throw corrupt();
}

/** Text of an XML stream, batched per chunk, for a TextPart. */
export async function* xmlText(batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const batch of batches) yield batch.join('');
}

/**
 * A text node longer than this, in characters, reaches the handlers in pieces of at most this
 * length (an entity's more): saxes keeps a text node until its end, as the slices between its
 * entities (16.5 MB of a paragraph of escaped markup held 51 MB of heap). Every handler adds a
 * node's pieces together (a cell, a paragraph, a line), so what it reads is the same.
 */
export const XML_TEXT_PIECE_CHARS = 256 * 1024;

/** An empty comment: where it stands in character data, saxes ends a text node and starts the next. */
const PIECE_BREAK = '<!---->';

const GT = 0x3e;
const BANG = 0x21;
const QUESTION = 0x3f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const AMP = 0x26;
const SEMICOLON = 0x3b;
const CR = 0x0d;
const LF = 0x0a;
/** Longer than any entity's name and its `&` and `;`. */
const ENTITY_MAX_CHARS = 64;

/** Where the lexer is: in character data, in a tag (and a quoted value), or in other markup. */
type LexState = 'text' | 'gap' | 'open' | 'tag' | 'quote' | 'comment' | 'cdata' | 'pi' | 'off';

/**
 * Breaks a document's long text nodes into pieces (XML_TEXT_PIECE_CHARS) by an empty comment
 * between them, as its chunks go to the parser: never inside an entity (`&amp;`), a surrogate
 * pair or a CRLF, nor in a tag, a comment, CDATA or a processing instruction. A document type
 * declaration (its internal subset has markup of its own) turns it off for the rest of the
 * document: a document is then parsed as it came, as is any text node under the limit.
 */
export class TextPieces {
  private state: LexState = 'text';
  /** Characters after a `<` until they tell what it opens (`!--`, `![CDATA[`, `?`, a name). */
  private head = '';
  private quote: '"' | "'" = '"';
  /** In a comment, CDATA or instruction: how many characters of its end (`-->`, `]]>`, `?>`) have come. */
  private ending = 0;
  /** Characters of the current text node since its last piece. */
  private run = 0;
  /** Whether the current text node's last `&` has had no `;` after it yet. */
  private entityOpen = false;
  /** In a `gap`: where its tag's name begins in this chunk. */
  private gapStart = 0;

  /** `chunk` with a break after every XML_TEXT_PIECE_CHARS characters of one text node. */
  split(chunk: string, limit = XML_TEXT_PIECE_CHARS): string {
    const pieces: string[] = [];
    let from = 0;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 'off':
          i = n;
          break;
        case 'gap': {
          // From one tag's `<` to the next, the tag then its text (no `<` is in a tag's values): the
          // tag is read for where it ends only when the stretch could hold a long text.
          const lt = chunk.indexOf('<', i);
          if (lt >= 0 && lt - this.gapStart < limit) i = this.markup(chunk, lt);
          else {
            this.state = 'tag';
            i = this.gapStart;
          }
          break;
        }
        case 'text': {
          const lt = chunk.indexOf('<', i);
          const end = lt < 0 ? n : lt;
          let start = i;
          while (end > start && this.run + (end - start) >= limit) {
            const cut = this.safeCut(chunk, start, end, Math.min(end, Math.max(start + 1, start + (limit - this.run))));
            if (cut <= start) break;
            pieces.push(chunk.slice(from, cut), PIECE_BREAK);
            from = cut;
            this.entityOpen = false;
            this.run = 0;
            start = cut;
          }
          this.run += end - start;
          if (lt < 0) {
            this.entityOpen = this.endsInEntity(chunk, start, n);
            i = n;
          } else i = this.markup(chunk, lt);
          break;
        }
        case 'open':
          i = this.opened(chunk, i);
          break;
        case 'tag':
          for (; i < n; i++) {
            const c = chunk.charCodeAt(i);
            if (c === GT) {
              this.toText();
              i++;
              break;
            }
            if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
              this.state = 'quote';
              this.quote = c === DOUBLE_QUOTE ? '"' : "'";
              i++;
              break;
            }
          }
          break;
        case 'quote': {
          const end = chunk.indexOf(this.quote, i);
          if (end < 0) i = n;
          else {
            this.state = 'tag';
            i = end + 1;
          }
          break;
        }
        default:
          i = this.closing(chunk, i);
      }
    }
    if (pieces.length === 0) return chunk;
    pieces.push(chunk.slice(from));
    return pieces.join('');
  }

  /** At a `<`: a tag (a stretch to its next `<`), or other markup, told by what follows. */
  private markup(chunk: string, lt: number): number {
    const next = lt + 1 < chunk.length ? chunk.charCodeAt(lt + 1) : -1;
    if (next === -1 || next === BANG || next === QUESTION) {
      this.state = 'open';
      this.head = '';
    } else {
      this.state = 'gap';
      this.gapStart = lt + 1;
    }
    return lt + 1;
  }

  /**
   * Where to break `chunk`'s text in (start, end]: at `at`, or before it when an entity is still
   * open there (`&am`), or when that is not in the text, just after the entity; not inside a
   * surrogate pair or a CRLF. `start` or less when there is no place.
   */
  private safeCut(chunk: string, start: number, end: number, at: number): number {
    let cut = at;
    const amp = lastAmpersand(chunk, start, at);
    if (amp >= 0 ? !hasSemicolon(chunk, amp, at) : this.endsInEntity(chunk, start, at)) {
      cut = amp > start ? amp : afterSemicolon(chunk, Math.max(start, amp), end);
    }
    if (cut > start) {
      const before = chunk.charCodeAt(cut - 1);
      const pair = before >= 0xd800 && before <= 0xdbff;
      // A CR at the chunk's end may have its LF in the next one.
      const crlf = before === CR && (cut === chunk.length || chunk.charCodeAt(cut) === LF);
      if (pair || crlf) cut = cut - 1 > start ? cut - 1 : cut < end ? cut + 1 : -1;
    }
    return cut;
  }

  /** Whether the text up to `to` (this chunk's from `start`) ends inside an entity (`&am`). */
  private endsInEntity(chunk: string, start: number, to: number): boolean {
    const amp = lastAmpersand(chunk, start, to);
    if (amp >= 0) return !hasSemicolon(chunk, amp, to);
    return this.entityOpen && to - start < ENTITY_MAX_CHARS && !hasSemicolon(chunk, start, to);
  }

  /** After a `<`: which markup it opens, once its first characters tell. */
  private opened(chunk: string, i: number): number {
    const n = chunk.length;
    while (i < n) {
      this.head += chunk[i++];
      const head = this.head;
      if (head === '?') return this.enter('pi', i);
      if (head[0] !== '!') {
        this.state = 'tag';
        return i - 1;
      }
      if (head === '!--') return this.enter('comment', i);
      if (head === '![CDATA[') return this.enter('cdata', i);
      if (!'!--'.startsWith(head) && !'![CDATA['.startsWith(head)) {
        // `<!DOCTYPE`, or what is not XML: the document is parsed as it came from here on.
        this.state = 'off';
        return n;
      }
    }
    return n;
  }

  private enter(state: 'comment' | 'cdata' | 'pi', i: number): number {
    this.state = state;
    this.ending = 0;
    return i;
  }

  /** In a comment, CDATA or an instruction: past its end (`-->`, `]]>`, `?>`), if it is in `chunk`. */
  private closing(chunk: string, i: number): number {
    const mark = this.state === 'comment' ? 0x2d : this.state === 'cdata' ? 0x5d : 0x3f;
    const needed = this.state === 'pi' ? 1 : 2;
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === GT && this.ending >= needed) {
        this.toText();
        return i + 1;
      }
      this.ending = c === mark ? this.ending + 1 : 0;
    }
    return i;
  }

  private toText(): void {
    this.state = 'text';
    this.run = 0;
    this.entityOpen = false;
  }
}

/**
 * The last `&` of `chunk` in [from, to) within ENTITY_MAX_CHARS of `to`, or -1: an `&` farther
 * back began no entity (saxes fails a document on it), and a bounded look keeps the split linear.
 */
function lastAmpersand(chunk: string, from: number, to: number): number {
  for (let i = to - 1; i >= Math.max(from, to - ENTITY_MAX_CHARS); i--) if (chunk.charCodeAt(i) === AMP) return i;
  return -1;
}

/** Just after the first `;` of `chunk` in [from, to), within ENTITY_MAX_CHARS of `from`; -1 if none. */
function afterSemicolon(chunk: string, from: number, to: number): number {
  for (let i = from; i < Math.min(to, from + ENTITY_MAX_CHARS); i++) if (chunk.charCodeAt(i) === SEMICOLON) return i + 1;
  return -1;
}

/** Whether `chunk` holds a `;` in [from, to). */
function hasSemicolon(chunk: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (chunk.charCodeAt(i) === SEMICOLON) return true;
  return false;
}
