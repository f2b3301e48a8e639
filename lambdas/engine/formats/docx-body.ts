/**
 * The text of a DOCX document body, streamed: `word/document.xml` through saxes, text handed on as
 * it is parsed. The rules are those of mammoth 1.13's `extractRawText` (which this reader used until
 * it was measured), so the same text comes out: mammoth built the whole XML tree and a document
 * model first, about 24 times the XML's size (a 20 MB DOCX of customer rows, 65 MB of XML: 1,512
 * MiB peak RSS and 13.7 s). test/engine/formats/docx-body.test.ts compares the two on generated documents.
 *
 * mammoth's raw text, element by element (its docx/body-reader.js and raw-text.js):
 * - text: `w:t`, `w:tab` (a tab), `w:noBreakHyphen` (U+2011), `w:softHyphen` (U+00AD), `w:sym`
 *   (its character through dingbat-to-unicode, else nothing); a paragraph ends with two newlines;
 * - read through: paragraphs, runs, hyperlinks, tables, rows, cells, `w:sdtContent` of `w:sdt`,
 *   `w:customXml`, `w:ins`, `w:moveTo`, `w:object`, `w:smartTag`, text boxes (`w:pict`, the VML
 *   shapes, `w:txbxContent`) and `mc:Fallback` of `mc:AlternateContent`; everything else is skipped
 *   whole (deleted text, properties, field codes, DrawingML, unknown elements);
 * - a paragraph whose mark is deleted joins the next one (no newlines of its own);
 * - a `w:pict`'s text comes after the paragraph it is in (not inside a paragraph: nowhere);
 * - a deleted table row is skipped; a cell continuing a vertical merge is dropped with its text,
 *   unless the table holds something other than rows and cells (then no cell is dropped);
 * - in a checkbox content control (`w14:checkbox`) the first non-empty text is the box, not text
 *   (without any, the whole content is the box).
 * Elements are named by namespace as mammoth names them (`w:` for transitional and strict
 * WordprocessingML, whatever prefix the document uses).
 */
import { hex as dingbatHex } from 'dingbat-to-unicode';
import type { SaxesAttributeNS, SaxesTagNS } from 'saxes';
import type { RowCell } from '../header-row.js';
import { parseXmlNs } from './xml.js';

/** mammoth's names for namespaces (docx/office-xml-reader.js). */
const PREFIXES: Readonly<Record<string, string>> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:word': 'office-word',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'wordml',
};

function nameOf(node: { readonly uri: string; readonly local: string }): string {
  if (node.uri === '') return node.local;
  const prefix = PREFIXES[node.uri];
  return prefix === undefined ? `{${node.uri}}${node.local}` : `${prefix}:${node.local}`;
}

function attributeOf(tag: SaxesTagNS, name: string): string | undefined {
  for (const attribute of Object.values(tag.attributes) as SaxesAttributeNS[]) {
    if (nameOf(attribute) === name) return attribute.value;
  }
  return undefined;
}

/** Elements read through: their children are read as if in their place. */
const THROUGH = new Set([
  'w:r',
  'w:hyperlink',
  'w:customXml',
  'w:ins',
  'w:moveTo',
  'w:object',
  'w:smartTag',
  'v:roundrect',
  'v:shape',
  'v:textbox',
  'w:txbxContent',
  'v:group',
  'v:rect',
]);

/** Elements that give mammoth a document element wherever they are read (what makes a table child "not a row"). */
const PRODUCES = new Set(['w:p', 'w:r', 'w:t', 'w:tab', 'w:noBreakHyphen', 'w:softHyphen', 'w:tbl', 'w:tr', 'w:tc', 'w:footnoteReference', 'w:endnoteReference', 'w:commentReference']);

/** Break types mammoth turns into an element (others are dropped with a warning). */
const BREAKS = new Set([undefined, 'textWrapping', 'page', 'column']);

/**
 * A Text element's value (w:t, hyphens, symbols), not empty: a checkbox content control's first
 * one is its box, chosen when the control ends (its content is then in mammoth's order, text that
 * deleted paragraph marks carried into it included).
 */
class TextValue {
  constructor(readonly text: string) {}
}
/** A table of the body read as cells (docxBody), in its text's place: its rows' non-empty cells. */
class TableRows {
  constructor(readonly rows: RowCell[][]) {}
}
type Piece = string | TextValue | TableRows;
/** Where text goes: pieces in order. */
type Sink = Piece[];

function joined(pieces: readonly Piece[]): string {
  let text = '';
  for (const piece of pieces) if (!(piece instanceof TableRows)) text += typeof piece === 'string' ? piece : piece.text;
  return text;
}

interface ParagraphFrame {
  readonly kind: 'p';
  deleted: boolean;
  /** Its text, written where it is when it ends (or carried into the next paragraph). */
  readonly pieces: Sink;
  /** Text of its `w:pict`s, written after it. */
  readonly extra: Sink;
}
/** A table or a row: its children in order, each a row (cell) or what something else wrote there. */
interface GridFrame {
  readonly kind: 'tbl' | 'tr';
  readonly items: (GridFrame | CellFrame | Piece)[];
  /** It holds something other than rows (cells): no cell is dropped. */
  irregular: boolean;
  /** A row marked deleted. */
  deleted: boolean;
}
interface CellFrame {
  readonly kind: 'tc';
  /** Its text (joined when it ends, unless a checkbox is open). */
  readonly pieces: Sink;
  colSpan: number;
  /** mammoth's `_vMerge`: continues a vertical merge (null: no `w:vMerge`). */
  vMerge: boolean | null;
}
interface SdtFrame {
  readonly kind: 'sdt';
  checkbox: boolean;
  /** A checkbox's content, held until it ends. */
  readonly pieces: Sink;
}
/** An element read through, one some rules look into, a `w:t`, or the document and its body. */
interface OtherFrame {
  readonly kind: 'through' | 'pPr' | 'pPrRPr' | 'trPr' | 'tcPr' | 'sdtPr' | 'sdtContent' | 'alternate' | 'fallback' | 'pict' | 't' | 'body' | 'document';
}
type Frame = ParagraphFrame | GridFrame | CellFrame | SdtFrame | OtherFrame;

/** Symbol text of a `w:sym`, as mammoth reads it (readSymbol): empty when it has none. */
function symbolText(font: string | undefined, char: string | undefined): string {
  if (font === undefined || char === undefined) return '';
  const found = dingbatHex(font, char) ?? (/^F0..$/.test(char) ? dingbatHex(font, char.substring(2)) : undefined);
  return found?.string ?? '';
}

/** The text of a table: its rows' cells but those continuing a vertical merge (body-reader.js calculateRowSpans). */
function tableText(table: GridFrame, out: Sink): void {
  const dropped = mergedAway(table) ?? new Set<CellFrame>();
  const write = (items: GridFrame['items']): void => {
    for (const item of items) {
      if (!isGrid(item)) out.push(item);
      else if (item.kind === 'tc') {
        if (!dropped.has(item)) out.push(...item.pieces);
      } else write(item.items);
    }
  };
  write(table.items);
}

/**
 * The cells of a table that continue a vertical merge in a column already started (dropped with
 * their text), or undefined when the table holds something other than rows of cells (then no cell
 * is dropped).
 */
function mergedAway(table: GridFrame): Set<CellFrame> | undefined {
  if (table.irregular || !table.items.every((row) => isGrid(row) && row.kind === 'tr' && !row.irregular)) return undefined;
  const dropped = new Set<CellFrame>();
  const columns = new Set<number>();
  for (const row of table.items as GridFrame[]) {
    let index = 0;
    for (const cell of row.items as CellFrame[]) {
      if (cell.vMerge === true && columns.has(index)) dropped.add(cell);
      else columns.add(index);
      index += cell.colSpan;
    }
  }
  return dropped;
}

function isGrid(item: GridFrame['items'][number]): item is GridFrame | CellFrame {
  return typeof item !== 'string' && !(item instanceof TextValue) && !(item instanceof TableRows);
}

/**
 * A table's rows as non-empty cells at their columns (a cell spanning columns counts them all), the
 * cells continuing a vertical merge dropped as tableText drops them; undefined for a table that
 * holds something other than rows of cells (read as text).
 */
function tableRows(table: GridFrame): RowCell[][] | undefined {
  const dropped = mergedAway(table);
  if (dropped === undefined) return undefined;
  return (table.items as GridFrame[]).map((row) => {
    const cells: RowCell[] = [];
    let index = 0;
    for (const cell of row.items as CellFrame[]) {
      const text = joined(cell.pieces).trim();
      if (!dropped.has(cell) && text !== '') cells.push({ column: index, text });
      index += cell.colSpan;
    }
    return cells;
  });
}

const PARAGRAPH_END = '\n\n';

/** Frames a table of the body itself is not inside. */
const OUTSIDE_BODY = new Set<Frame['kind']>(['tbl', 'tr', 'tc', 'p', 'pict', 'alternate', 'fallback']);

/** Streams the text of `word/document.xml`'s body, in pieces, as the XML is parsed (mammoth's raw text). */
export async function* docxBodyText(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  for await (const batch of bodyPieces(chunks, false)) yield batch.map((piece) => (typeof piece === 'string' ? piece : joined([piece])));
}

/**
 * The body as docxBodyText gives it, but each table of the body itself (not one in a cell, a text
 * box or a content control) as its rows of cells in its text's place.
 */
export async function* docxBody(chunks: AsyncIterable<string>): AsyncGenerator<(string | RowCell[][])[]> {
  for await (const batch of bodyPieces(chunks, true)) yield batch.map((piece) => (piece instanceof TableRows ? piece.rows : typeof piece === 'string' ? piece : piece.text));
}

function bodyPieces(chunks: AsyncIterable<string>, tables: boolean): AsyncGenerator<Piece[]> {
  return parseXmlNs<Piece>(chunks, 'docx document.xml', (parser, out) => {
    const frames: Frame[] = [];
    /** Where text goes now, top last; `out` at the bottom. */
    const sinks: Sink[] = [out];
    /** Checkbox content controls open. */
    let checkboxes = 0;
    let skip = 0;
    let seenBody = false;
    let text: string[] | null = null;
    /**
     * What paragraphs whose mark was deleted held: mammoth reads it as the start of the next
     * paragraph, wherever that is (and drops it when none follows).
     */
    let carried: { readonly pieces: Sink; readonly extra: Sink } = { pieces: [], extra: [] };

    const top = (): Frame | undefined => frames[frames.length - 1];
    const nearest = <K extends Frame['kind']>(kind: K): Extract<Frame, { kind: K }> | undefined => {
      for (let i = frames.length - 1; i >= 0; i--) if (frames[i].kind === kind) return frames[i] as Extract<Frame, { kind: K }>;
      return undefined;
    };
    /** The table or row `name` is read into, when nothing but elements read through lie between. */
    const gridOf = (): GridFrame | undefined => {
      for (let i = frames.length - 1; i >= 0; i--) {
        const kind = frames[i].kind;
        if (kind === 'tbl' || kind === 'tr') return frames[i] as GridFrame;
        if (kind === 'p' || kind === 'tc' || kind === 'pict' || kind === 'body') return undefined;
        if (kind === 'sdt' && (frames[i] as SdtFrame).checkbox) return undefined;
      }
      return undefined;
    };
    /** Text written where a table or row reads it: a child of its own, in order. */
    const write = (piece: Piece): void => {
      if (piece === '') return;
      const grid = gridOf();
      if (grid !== undefined) grid.items.push(piece);
      else sinks[sinks.length - 1].push(piece);
    };
    /** A Text element (w:t, hyphens, symbols): the box of a checkbox content control when it is its first non-empty one. */
    const writeText = (value: string): void => {
      if (value.length > 0) write(new TextValue(value));
    };
    /** A table's pieces: one string, unless a checkbox must still find its box among them. */
    const writeAll = (pieces: Sink): void => {
      if (checkboxes === 0) write(joined(pieces));
      else for (const piece of pieces) write(piece);
    };
    const open = (frame: Frame, target?: Sink): void => {
      frames.push(frame);
      sinks.push(target ?? sinks[sinks.length - 1]);
    };

    parser.on('opentag', (tag) => {
      if (skip > 0) {
        skip++;
        return;
      }
      const name = nameOf(tag);
      const parent = top();
      if (parent === undefined) {
        open({ kind: 'document' });
        return;
      }
      if (parent.kind === 'document') {
        if (name === 'w:body' && !seenBody) {
          seenBody = true;
          open({ kind: 'body' });
        } else skip = 1;
        return;
      }
      if (parent.kind === 't') {
        skip = 1;
        return;
      }
      // Properties: only what a rule reads.
      if (parent.kind === 'pPr' || parent.kind === 'pPrRPr' || parent.kind === 'trPr' || parent.kind === 'tcPr' || parent.kind === 'sdtPr') {
        if (parent.kind === 'pPr' && name === 'w:rPr') {
          open({ kind: 'pPrRPr' });
          return;
        }
        if (parent.kind === 'pPrRPr' && name === 'w:del') nearest('p')!.deleted = true;
        else if (parent.kind === 'trPr' && name === 'w:del') (frames[frames.length - 2] as GridFrame).deleted = true;
        else if (parent.kind === 'tcPr' && name === 'w:gridSpan') {
          const span = attributeOf(tag, 'w:val');
          if (span) nearest('tc')!.colSpan = parseInt(span, 10);
        } else if (parent.kind === 'tcPr' && name === 'w:vMerge' && nearest('tc')!.vMerge === null) {
          const val = attributeOf(tag, 'w:val');
          nearest('tc')!.vMerge = val === 'continue' || !val;
        } else if (parent.kind === 'sdtPr' && name === 'wordml:checkbox') {
          const sdt = nearest('sdt')!;
          if (!sdt.checkbox) checkboxes++;
          sdt.checkbox = true;
        }
        skip = 1;
        return;
      }
      if (parent.kind === 'sdt') {
        const sdt = parent as SdtFrame;
        if (name === 'w:sdtPr') open({ kind: 'sdtPr' });
        else if (name === 'w:sdtContent') open({ kind: 'sdtContent' }, sdt.checkbox ? sdt.pieces : undefined);
        else skip = 1;
        return;
      }
      if (parent.kind === 'alternate') {
        if (name === 'mc:Fallback') open({ kind: 'fallback' });
        else skip = 1;
        return;
      }
      // A deleted row is not read at all.
      if (parent.kind === 'tr' && parent.deleted) {
        skip = 1;
        return;
      }
      if (name === 'w:tcPr' && parent.kind === 'tc') {
        open({ kind: 'tcPr' });
        return;
      }
      if (name === 'w:trPr' && parent.kind === 'tr') {
        open({ kind: 'trPr' });
        return;
      }
      if (name === 'w:pPr' && parent.kind === 'p') {
        open({ kind: 'pPr' });
        return;
      }
      if (name === 'mc:AlternateContent') {
        open({ kind: 'alternate' });
        return;
      }
      // An element of mammoth's model read into a table or row that is not its row or cell.
      const grid = gridOf();
      if (grid !== undefined && !(grid.kind === 'tbl' ? name === 'w:tr' : name === 'w:tc')) {
        const produces =
          PRODUCES.has(name) ||
          (name === 'w:bookmarkStart' && attributeOf(tag, 'w:name') !== '_GoBack') ||
          (name === 'w:br' && BREAKS.has(attributeOf(tag, 'w:type'))) ||
          (name === 'w:hyperlink' && (attributeOf(tag, 'r:id') !== undefined || attributeOf(tag, 'w:anchor') !== undefined)) ||
          (name === 'w:sym' && symbolText(attributeOf(tag, 'w:font'), attributeOf(tag, 'w:char')) !== '');
        if (produces) grid.irregular = true;
      }
      switch (name) {
        case 'w:p': {
          const paragraph: ParagraphFrame = { kind: 'p', deleted: false, pieces: carried.pieces, extra: carried.extra };
          carried = { pieces: [], extra: [] };
          open(paragraph, paragraph.pieces);
          return;
        }
        case 'w:t':
          open({ kind: 't' });
          text = [];
          return;
        case 'w:tab':
          write('\t');
          break;
        case 'w:noBreakHyphen':
          writeText('\u2011');
          break;
        case 'w:softHyphen':
          writeText('\u00AD');
          break;
        case 'w:sym':
          writeText(symbolText(attributeOf(tag, 'w:font'), attributeOf(tag, 'w:char')));
          break;
        case 'w:tbl':
        case 'w:tr':
          open({ kind: name === 'w:tbl' ? 'tbl' : 'tr', items: [], irregular: false, deleted: false });
          return;
        case 'w:tc': {
          const cell: CellFrame = { kind: 'tc', pieces: [], colSpan: 1, vMerge: null };
          open(cell, cell.pieces);
          return;
        }
        case 'w:sdt':
          open({ kind: 'sdt', checkbox: false, pieces: [] });
          return;
        case 'w:pict':
          open({ kind: 'pict' }, nearest('p')?.extra ?? []);
          return;
        default:
          if (THROUGH.has(name)) {
            open({ kind: 'through' });
            return;
          }
      }
      skip = 1;
    });

    parser.on('text', (value) => {
      if (skip === 0 && text !== null) text.push(value);
    });

    parser.on('closetag', () => {
      if (skip > 0) {
        skip--;
        return;
      }
      const frame = frames.pop();
      sinks.pop();
      switch (frame?.kind) {
        case 't':
          writeText(text!.join(''));
          text = null;
          return;
        case 'p':
          if (frame.deleted) carried = frame;
          else {
            for (const piece of frame.pieces) write(piece);
            write(PARAGRAPH_END);
            for (const piece of frame.extra) write(piece);
          }
          return;
        case 'sdt': {
          if (!frame.checkbox) return;
          checkboxes--;
          // Its first non-empty text is the box; without one, the whole content is.
          const box = frame.pieces.findIndex((piece) => piece instanceof TextValue);
          if (box === -1) return;
          frame.pieces.splice(box, 1);
          for (const piece of frame.pieces) write(piece);
          return;
        }
        case 'tc': {
          if (checkboxes === 0) frame.pieces.splice(0, frame.pieces.length, joined(frame.pieces));
          const grid = gridOf();
          if (grid !== undefined) grid.items.push(frame);
          else for (const piece of frame.pieces) write(piece);
          return;
        }
        case 'tr': {
          if (frame.deleted) return;
          const grid = gridOf();
          if (grid !== undefined) grid.items.push(frame);
          else {
            const pieces: Sink = [];
            tableText({ ...frame, irregular: true }, pieces);
            writeAll(pieces);
          }
          return;
        }
        case 'tbl': {
          // A table of the body itself (a content control around it aside): not one in a cell, a paragraph or a text box.
          const bodyLevel = checkboxes === 0 && sinks[sinks.length - 1] === out && frames.every((open) => !OUTSIDE_BODY.has(open.kind));
          const rows = tables && bodyLevel ? tableRows(frame) : undefined;
          if (rows !== undefined) {
            out.push(new TableRows(rows));
            return;
          }
          const pieces: Sink = [];
          tableText(frame, pieces);
          writeAll(pieces);
          return;
        }
      }
    });
  });
}
