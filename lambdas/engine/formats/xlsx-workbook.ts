/**
 * The small parts of an XLSX that say where the data is and how numbers are shown: the workbook's
 * relationships, its sheet list and date system, and the number format of each cell style. Read
 * with saxes the way exceljs 4.4's part parsers read them (the same sheet names, targets and
 * formats), without loading those parsers (exceljs-parts.ts says why).
 */
import type { ExcelJsParts } from './exceljs-parts.js';
import { parseXml, type XmlParser } from './xml.js';

/** A relationship of the workbook (`xl/_rels/workbook.xml.rels`). */
export interface Relationship {
  readonly Id?: string;
  readonly Type?: string;
  readonly Target?: string;
}

/** A sheet listed in `xl/workbook.xml`. */
export interface WorkbookSheet {
  readonly name: string;
  readonly rId: string | undefined;
}

/** `xl/workbook.xml`: its sheets in order and whether dates count from 1904. */
export interface Workbook {
  readonly sheets: readonly WorkbookSheet[];
  readonly date1904: boolean;
}

/** Number formats of the cell styles (`cellXfs`) of `xl/styles.xml`. */
export interface Styles {
  /** The style's number format code; null when there is no such style (exceljs's getStyleModel). */
  numFmt(id: number): { readonly numFmt: string | undefined } | null;
}

type Attributes = Record<string, string | undefined>;

/** Runs `onOpen` for every element of a part; the part is parsed as exceljs does (no final close). */
async function eachElement(
  chunks: AsyncIterable<string>,
  label: string,
  onOpen: (name: string, attributes: Attributes, parents: readonly string[]) => void,
): Promise<void> {
  const listen = (parser: XmlParser): void => {
    const parents: string[] = [];
    parser.on('opentag', (tag) => {
      onOpen(tag.name, tag.attributes as Attributes, parents);
      if (!tag.isSelfClosing) parents.push(tag.name);
    });
    parser.on('closetag', (tag) => {
      if (!tag.isSelfClosing) parents.pop();
    });
  };
  for await (const _ of parseXml<never>(chunks, label, listen, { close: false }));
}

const parent = (parents: readonly string[]): string | undefined => parents[parents.length - 1];

/** Reads a package's relationships part (`xl/_rels/workbook.xml.rels`, a DOCX's `_rels/.rels`). */
export async function readRelationships(chunks: AsyncIterable<string>, label = 'xlsx relationships'): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await eachElement(chunks, label, (name, attributes) => {
    if (name === 'Relationship') rels.push(attributes);
  });
  return rels;
}

/** Reads `xl/workbook.xml`. Sheet names are entity-decoded a second time, as exceljs does. */
export async function readWorkbook(chunks: AsyncIterable<string>, parts: ExcelJsParts): Promise<Workbook> {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  await eachElement(chunks, 'xlsx workbook', (name, attributes, parents) => {
    if (name === 'sheet' && parent(parents) === 'sheets') {
      sheets.push({ name: parts.utils.xmlDecode(attributes.name as string), rId: attributes['r:id'] });
    } else if (name === 'workbookPr') date1904 = attributes.date1904 === '1';
  });
  return { sheets, date1904 };
}

/**
 * Reads `xl/styles.xml`: the custom formats (`numFmts`, backslash escapes removed) and each cell
 * style's numFmtId. A style's format is its custom format, else Excel's built-in one; numFmtId 0
 * (General) is none.
 */
export async function readStyles(chunks: AsyncIterable<string>, parts: ExcelJsParts): Promise<Styles> {
  const custom = new Map<number, string>();
  const styles: number[] = [];
  await eachElement(chunks, 'xlsx styles', (name, attributes, parents) => {
    if (name === 'numFmt' && parent(parents) === 'numFmts') {
      custom.set(parseInt(attributes.numFmtId as string, 10), (attributes.formatCode as string).replace(/[\\](.)/g, '$1'));
    } else if (name === 'xf' && parent(parents) === 'cellXfs') styles.push(parseInt(attributes.numFmtId as string, 10));
  });
  const models = new Map<number, { numFmt: string | undefined }>();
  return {
    numFmt(id) {
      if (!(id in styles)) return null;
      let model = models.get(id);
      if (model === undefined) {
        const numFmtId = styles[id];
        model = { numFmt: numFmtId ? custom.get(numFmtId) || parts.defaultNumFormats[numFmtId]?.f || undefined : undefined };
        models.set(id, model);
      }
      return model;
    },
  };
}
