/**
 * XPS documents (`xps`: `.xps`, and OpenXPS `.oxps`): what Windows' own printers write ("Microsoft
 * XPS Document Writer"; Windows 8 on saves OpenXPS), so a customer list printed to a file is often
 * one. An XPS is a zip: `_rels/.rels` names its FixedDocumentSequence (`.fdseq`), which lists its
 * documents (`.fdoc`), each listing its pages (`.fpage`); a page places each run of text as a
 * `Glyphs` element (its `UnicodeString` at `OriginX`/`OriginY`, the baseline, in 1/96 inch, at
 * `FontRenderingEmSize`) inside `Canvas`es that may move it (`RenderTransform`). Read as a plain
 * zip, each page was XML with every value in an attribute, apart from its column's header: a list
 * of names, WeChat ids, birth dates, passports and QQ numbers came out public.
 *
 * Read here page by page, as an OFD's and a PDF's pages are (page-layout.ts): the texts laid out by
 * position, a table as cells under its headers, the rest as text; a page that paints an image
 * (`ImageBrush`) or glyphs without their text (`Indices` only) and has no text is a scan,
 * `NO_TEXT` after the pages. Then the package's other parts are read as a zip's members are (its
 * properties, its structure), but for its fonts, pictures and relationships.
 *
 * | condition                                        | result                                        |
 * |--------------------------------------------------|-----------------------------------------------|
 * | no FixedDocumentSequence, or one not XML         | CORRUPT after what was read; the other parts read as members |
 * | a document or a page missing or not XML          | CORRUPT for it; the next one read             |
 * | a page of more than MAX_PAGE_TEXTS texts          | its first ones read, then LIMIT_EXCEEDED      |
 * | a page listed twice                              | read once                                     |
 * | pages with no text on any                        | NO_TEXT (the whole document; PagedDocument)   |
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { closeArchive, openArchive, packageEntries, type ZipInput } from './archive.js';
import { MAX_PAGE_TEXTS, attr, laidOutPage, otherParts, parsePart, resolvePath, type PageItem } from './fixed-pages.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { PagedDocument, halfEms } from './page-layout.js';
import type { XmlNsParser } from './xml.js';

/** Parts of no one's data: relationships, the content types, fonts (obfuscated or not) and pictures. */
const NO_DATA = /(?:^\[Content_Types\]\.xml$|\.rels$|\.(?:odttf|ttf|otf|ttc|png|jpe?g|gif|bmp|tiff?|wdp|jxr|icc)$)/i;
/** A relationship to the FixedDocumentSequence (XPS and OpenXPS). */
const FIXED_REPRESENTATION = /\/fixedrepresentation$/;

/** An affine transform `a b c d e f`: x' = a x + c y + e, y' = b x + d y + f. */
type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** A `RenderTransform`'s or a `MatrixTransform`'s matrix (`a,b,c,d,e,f`), or undefined when it is none. */
function matrixOf(value: string | undefined): Matrix | undefined {
  if (value === undefined) return undefined;
  const values = value.trim().split(/[\s,]+/).map(Number);
  return values.length === 6 && values.every(Number.isFinite) ? (values as unknown as Matrix) : undefined;
}

/** `inner` applied, then `outer` (a child's transform inside its canvas's). */
function times(inner: Matrix, outer: Matrix): Matrix {
  const [a, b, c, d, e, f] = inner;
  const [A, B, C, D, E, F] = outer;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

/** A page's Glyphs as placed pieces in document order, and whether it paints an image. */
function listenPage(parser: XmlNsParser, out: PageItem[]): void {
  let texts = 0;
  /** The transform of each open Canvas (and of the page), innermost last. */
  const canvases: Matrix[] = [IDENTITY];
  /** A Glyphs element open (its transform may come as a child element). */
  let glyphs: { x: number; y: number; size: number; text: string | undefined; matrix: Matrix | undefined } | undefined;
  /** The element a `MatrixTransform` child sets the transform of. */
  let transforming: 'Canvas' | 'Glyphs' | undefined;
  const place = (): void => {
    if (glyphs === undefined) return;
    const { x, y, size, text } = glyphs;
    const matrix = glyphs.matrix === undefined ? canvases[canvases.length - 1] : times(glyphs.matrix, canvases[canvases.length - 1]);
    glyphs = undefined;
    if (text === undefined || text.trim() === '') {
      // Glyphs by their indices only, without their text: what they show is not read.
      out.push({ image: true });
      return;
    }
    if (++texts > MAX_PAGE_TEXTS) {
      if (texts === MAX_PAGE_TEXTS + 1) out.push({ overflow: true });
      return;
    }
    const [a, b, c, d, e, f] = matrix;
    const px = a * x + c * y + e;
    const py = b * x + d * y + f;
    const scaled = size * Math.abs(d);
    const upright = b === 0 && c === 0 && a > 0 && d > 0 && Number.isFinite(px) && Number.isFinite(py) && scaled > 0;
    out.push({ piece: { text, x: px, y: py, width: (halfEms(text) / 2) * size * a, size: scaled, upright } });
  };
  parser.on('opentag', (tag) => {
    switch (tag.local) {
      case 'Canvas':
        canvases.push(times(matrixOf(attr(tag, 'RenderTransform')) ?? IDENTITY, canvases[canvases.length - 1]));
        break;
      case 'Canvas.RenderTransform':
        transforming = 'Canvas';
        break;
      case 'Glyphs.RenderTransform':
        transforming = 'Glyphs';
        break;
      case 'MatrixTransform': {
        const matrix = matrixOf(attr(tag, 'Matrix'));
        if (matrix === undefined) break;
        if (transforming === 'Glyphs' && glyphs !== undefined) glyphs.matrix = matrix;
        else if (transforming === 'Canvas' && canvases.length > 1) {
          // A canvas's transform as a child element: it applies to the canvas it is in.
          canvases[canvases.length - 1] = times(matrix, canvases[canvases.length - 2]);
        }
        break;
      }
      case 'Glyphs': {
        const unicode = attr(tag, 'UnicodeString');
        glyphs = {
          x: Number(attr(tag, 'OriginX') ?? 0),
          y: Number(attr(tag, 'OriginY') ?? 0),
          size: Number(attr(tag, 'FontRenderingEmSize') ?? 0),
          // `{}` escapes a string that starts with `{`.
          text: unicode?.startsWith('{}') === true ? unicode.slice(2) : unicode,
          matrix: matrixOf(attr(tag, 'RenderTransform')),
        };
        if (tag.isSelfClosing) place();
        break;
      }
      case 'ImageBrush':
        out.push({ image: true });
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'Glyphs') place();
    else if (tag.local === 'Canvas' && canvases.length > 1) canvases.pop();
    else if (tag.local === 'Canvas.RenderTransform' || tag.local === 'Glyphs.RenderTransform') transforming = undefined;
  });
}

/** A structure part's references, in order: `Relationship Target` (of the fixed representation), `DocumentReference Source`, `PageContent Source`. */
function listenReferences(element: string, attribute: string): (parser: XmlNsParser, out: string[]) => void {
  return (parser, out) => {
    parser.on('opentag', (tag) => {
      if (tag.local !== element) return;
      if (element === 'Relationship' && !FIXED_REPRESENTATION.test(attr(tag, 'Type') ?? '')) return;
      const target = attr(tag, attribute);
      if (target !== undefined && target.trim() !== '') out.push(target.trim());
    });
  };
}

/** Reads an XPS package (the module doc). */
export async function* readXps(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const where = whereOf(ctx);
  const zip = await openArchive(input);
  try {
    const entries = await packageEntries(zip, ctx.budget.limits);
    /** The parts read here as the document's structure and pages: not read again as members. */
    const claimed = new Set<string>();
    const parse = (path: string, listen: (parser: XmlNsParser, out: string[]) => void): Promise<string[]> => parsePart(zip, entries, path, listen, ctx, 'xps');
    let sequence: string | undefined;
    let documents: string[] = [];
    try {
      if (entries.has('_rels/.rels')) sequence = (await parse('_rels/.rels', listenReferences('Relationship', 'Target'))).map((target) => resolvePath('', target))[0];
      sequence ??= [...entries.keys()].find((name) => /\.fdseq$/i.test(name));
      if (sequence === undefined) throw new ScanError('CORRUPT', 'xps package has no FixedDocumentSequence');
      claimed.add(sequence);
      documents = (await parse(sequence, listenReferences('DocumentReference', 'Source'))).map((source) => resolvePath(sequence!, source));
    } catch (error) {
      if (ctx.budget.isFatal(error)) throw error;
      yield errorPart(where, toScanError(error, 'CORRUPT', 'xps document sequence could not be parsed'));
    }
    const pages = new PagedDocument('xps', where);
    let page = 0;
    for (const documentPath of documents) {
      if (claimed.has(documentPath)) continue;
      claimed.add(documentPath);
      let contents: string[];
      try {
        contents = (await parse(documentPath, listenReferences('PageContent', 'Source'))).map((source) => resolvePath(documentPath, source));
      } catch (error) {
        if (ctx.budget.isFatal(error)) throw error;
        yield errorPart(where, toScanError(error, 'CORRUPT', 'xps document could not be parsed'));
        continue;
      }
      for (const path of contents) {
        // A page listed again is read once.
        if (claimed.has(path)) continue;
        claimed.add(path);
        page += 1;
        let items: PageItem[];
        try {
          items = await parsePart<PageItem>(zip, entries, path, listenPage, ctx, 'xps');
        } catch (error) {
          if (ctx.budget.isFatal(error)) throw error;
          yield errorPart({ ...where, page }, toScanError(error, 'CORRUPT', `xps page ${page} could not be parsed`));
          continue;
        }
        yield* laidOutPage(pages, page, items, where, 'xps');
      }
    }
    yield* pages.end();
    // The package's other parts, as a zip's members: its properties, its document structure.
    yield* otherParts(zip, entries, claimed, NO_DATA, 'xps', ctx);
  } finally {
    closeArchive(zip);
  }
}
