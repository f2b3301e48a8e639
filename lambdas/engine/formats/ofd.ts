/**
 * OFD documents (`ofd`, GB/T 33190-2016, 版式文档): China's standard for fixed-layout documents,
 * in which e-invoices (电子发票, 数电票), e-archives and government forms are issued. An OFD is a zip:
 * `OFD.xml` names each document's root (`Doc_0/Document.xml`), which lists its pages and template
 * pages; a page's `Content.xml` places each text (`TextObject`: a `Boundary` and `TextCode`s at
 * `X`/`Y` in it, in millimetres, y downward) and image. Read as a plain zip, each page was XML with
 * every text apart from its label (an invoice's labels are on its template page, the values on the
 * page), and a name or a birth date beside `名称：` or `出生日期` was not found.
 *
 * Read here, page by page, as a PDF's pages are (page-layout.ts): the template's texts and the
 * page's, in that order, laid out by position; a table as cells under its headers, the rest as text;
 * a page that shows an image and has no text is a scan, `NO_TEXT` after the pages. `OFD.xml`'s
 * document information (title, author, and the `CustomData` an e-invoice puts its fields in:
 * `购买方名称`, `购买方纳税人识别号`) is a text of its own, each custom datum after its name.
 * Then the package's other files are read as a zip's members are (attachments: an invoice's XML
 * original; custom tags; annotations), but for its resources' pictures and fonts (a seal, a logo)
 * and its signatures (`Signs/`: the issuer's certificate and seal), which hold no one's data.
 *
 * | condition                                        | result                                        |
 * |--------------------------------------------------|-----------------------------------------------|
 * | `OFD.xml` or a document root missing or not XML  | CORRUPT after what was read; the other files read as members |
 * | a page's content missing or not XML              | CORRUPT for that page; the next page read     |
 * | a page of more than MAX_PAGE_TEXTS texts          | its first ones read, then LIMIT_EXCEEDED; the next page read |
 * | a page listed twice                              | read once                                     |
 * | pages with no text on any                        | NO_TEXT (the whole document; PagedDocument)   |
 * | some pages with text, others images and no text  | NO_TEXT naming those pages                    |
 */
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { closeArchive, openArchive, packageEntries, type ZipInput } from './archive.js';
import { MAX_PAGE_TEXTS, attr, laidOutPage, otherParts, parsePart, resolvePath, type PageItem } from './fixed-pages.js';
import { memberContext, whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { PagedDocument, halfEms } from './page-layout.js';
import { stringChunks } from './text.js';
import type { XmlNsParser } from './xml.js';

/** Files of the package that hold no one's data: signatures, pictures and fonts of its resources. */
const NO_DATA = /(?:^|\/)Signs\/|\.(?:png|jpe?g|gif|bmp|tiff?|jb2|ttf|otf|ttc|woff2?|svg)$/i;

/** Numbers of an attribute (`Boundary="10 20 80 5"`, a `DeltaX`'s `g 3 2.5` repeats expanded), NaN for nonsense. */
export function numbers(value: string | undefined): number[] {
  if (value === undefined) return [];
  const tokens = value.trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < 100_000; i++) {
    if (tokens[i] === 'g') {
      const count = Number(tokens[i + 1]);
      const step = Number(tokens[i + 2]);
      for (let k = 0; k < count && out.length < 100_000; k++) out.push(step);
      i += 2;
    } else if (tokens[i] !== '') out.push(Number(tokens[i]));
  }
  return out;
}

/** A page's (or a template's) TextObjects as placed pieces in document order, its templates and images. */
function listenPage(parser: XmlNsParser, out: PageItem[]): void {
  let texts = 0;
  let object: { x: number; y: number; size: number; a: number; d: number; e: number; f: number; upright: boolean } | undefined;
  let code: { x: number; y: number; deltas: number[]; upright: boolean; text: string } | undefined;
  parser.on('opentag', (tag) => {
    switch (tag.local) {
      case 'TextObject': {
        const [bx = 0, by = 0] = numbers(attr(tag, 'Boundary'));
        const size = Number(attr(tag, 'Size') ?? 0);
        const ctm = numbers(attr(tag, 'CTM'));
        const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = ctm.length === 6 ? ctm : [];
        object = { x: bx, y: by, size: size * Math.abs(d), a, d, e, f, upright: b === 0 && c === 0 && a > 0 && d > 0 };
        break;
      }
      case 'TextCode':
        if (object !== undefined) {
          code = {
            x: Number(attr(tag, 'X') ?? 0),
            y: Number(attr(tag, 'Y') ?? 0),
            deltas: numbers(attr(tag, 'DeltaX')),
            upright: attr(tag, 'DeltaY') === undefined,
            text: '',
          };
        }
        break;
      case 'Template': {
        const id = attr(tag, 'TemplateID');
        if (id !== undefined) out.push({ template: id });
        break;
      }
      case 'ImageObject':
        out.push({ image: true });
        break;
    }
  });
  parser.on('text', (text) => {
    if (code !== undefined) code.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'TextCode' && code !== undefined && object !== undefined) {
      if (++texts > MAX_PAGE_TEXTS) {
        if (texts === MAX_PAGE_TEXTS + 1) out.push({ overflow: true });
        code = undefined;
        return;
      }
      const { text, deltas } = code;
      const chars = [...text];
      const advance = deltas.length >= chars.length - 1 && chars.length > 0 ? deltas.slice(0, chars.length - 1).reduce((sum, delta) => sum + delta, 0) + (halfEms(chars[chars.length - 1]) / 2) * object.size : (halfEms(text) / 2) * object.size;
      const x = object.x + object.a * code.x + object.e;
      const y = object.y + object.d * code.y + object.f;
      const upright = object.upright && code.upright && Number.isFinite(x) && Number.isFinite(y) && object.size > 0;
      out.push({ piece: { text, x, y, width: object.a * advance, size: object.size, upright } });
      code = undefined;
    } else if (tag.local === 'TextObject') object = undefined;
  });
}

/** Reads an OFD package (the module doc). */
export async function* readOfd(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const where = whereOf(ctx);
  const zip = await openArchive(input);
  try {
    const entries = await packageEntries(zip, ctx.budget.limits);
    /** The parts read here as the document's structure: not read again as members. */
    const claimed = new Set<string>([ROOT]);
    const parse = <T>(path: string, listen: (parser: XmlNsParser, out: T[]) => void): Promise<T[]> => parsePart(zip, entries, path, listen, ctx, 'ofd');
    let roots: string[] = [];
    try {
      const root = await parse<RootItem>(ROOT, listenRoot);
      roots = root.flatMap((item) => ('root' in item ? [resolvePath(ROOT, item.root)] : []));
      const info = root.flatMap((item) => ('info' in item ? [item.info] : []));
      if (info.length > 0) yield { kind: 'text', where: { ...where, entry: memberContext(ctx, ROOT).entry }, chunks: stringChunks(info.join('\n')) };
    } catch (error) {
      if (ctx.budget.isFatal(error)) throw error;
      yield errorPart(where, toScanError(error, 'CORRUPT', 'ofd OFD.xml could not be parsed'));
    }
    const pages = new PagedDocument('ofd', where);
    let page = 0;
    for (const documentPath of roots) {
      claimed.add(documentPath);
      let structure: DocumentItem[];
      try {
        structure = await parse<DocumentItem>(documentPath, listenDocument);
      } catch (error) {
        if (ctx.budget.isFatal(error)) throw error;
        yield errorPart(where, toScanError(error, 'CORRUPT', 'ofd document root could not be parsed'));
        continue;
      }
      const templates = new Map<string, string>();
      for (const item of structure) if ('template' in item) templates.set(item.template.id, resolvePath(documentPath, item.template.loc));
      for (const path of templates.values()) claimed.add(path);
      const templateContents = new Map<string, PageItem[]>();
      for (const item of structure) {
        if (!('page' in item)) continue;
        const path = resolvePath(documentPath, item.page);
        // A page listed again (a document root that lists one content a million times) is read once.
        if (claimed.has(path)) continue;
        claimed.add(path);
        page += 1;
        let items: PageItem[];
        try {
          items = await parse<PageItem>(path, listenPage);
          const used = items.flatMap((entry) => ('template' in entry ? [entry.template] : []));
          const background: PageItem[] = [];
          for (const id of used) {
            const templatePath = templates.get(id);
            if (templatePath === undefined) continue;
            let content = templateContents.get(id);
            if (content === undefined) {
              content = await parse<PageItem>(templatePath, listenPage);
              templateContents.set(id, content);
            }
            background.push(...content);
          }
          items = [...background, ...items];
        } catch (error) {
          if (ctx.budget.isFatal(error)) throw error;
          yield errorPart({ ...where, page }, toScanError(error, 'CORRUPT', `ofd page ${page} could not be parsed`));
          continue;
        }
        yield* laidOutPage(pages, page, items, where, 'ofd');
      }
    }
    yield* pages.end();
    // The package's other files, as a zip's members: attachments, custom tags, annotations.
    yield* otherParts(zip, entries, claimed, NO_DATA, 'ofd', ctx);
  } finally {
    closeArchive(zip);
  }
}

const ROOT = 'OFD.xml';

type RootItem = { readonly root: string } | { readonly info: string };

/** OFD.xml: each document's root, and its document information as lines (a custom datum after its name). */
function listenRoot(parser: XmlNsParser, out: RootItem[]): void {
  let info = 0;
  let field: { name: string | undefined; text: string; root: boolean } | undefined;
  parser.on('opentag', (tag) => {
    if (tag.local === 'DocInfo') info += 1;
    else if (tag.local === 'DocRoot') field = { name: undefined, text: '', root: true };
    else if (info > 0 && tag.local !== 'DocID') field = { name: tag.local === 'CustomData' ? attr(tag, 'Name') : undefined, text: '', root: false };
  });
  parser.on('text', (text) => {
    if (field !== undefined) field.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'DocInfo') info -= 1;
    if (field === undefined) return;
    const text = field.text.trim();
    if (field.root && text !== '') out.push({ root: text });
    else if (!field.root && text !== '') out.push({ info: field.name === undefined ? text : `${field.name}：${text}` });
    field = undefined;
  });
}

type DocumentItem = { readonly page: string } | { readonly template: { readonly id: string; readonly loc: string } };

/** Document.xml: its pages' contents in order, and its template pages. */
function listenDocument(parser: XmlNsParser, out: DocumentItem[]): void {
  parser.on('opentag', (tag) => {
    const loc = attr(tag, 'BaseLoc');
    if (loc === undefined) return;
    if (tag.local === 'Page') out.push({ page: loc });
    else if (tag.local === 'TemplatePage') out.push({ template: { id: attr(tag, 'ID') ?? '', loc } });
  });
}
