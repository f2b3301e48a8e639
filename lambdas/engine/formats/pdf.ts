/**
 * PDF reader: pdfjs-dist (legacy build, for Node) extracts the text of each page; one TextPart
 * per page with `where.page` (1-based). pdfjs is silenced (verbosity 0), evaluates no code, loads
 * no fonts and fetches nothing over the network: CMaps (needed for Chinese text in CID fonts) and
 * standard fonts are read from pdfjs-dist's own folders on disk when they are present. Nothing here
 * reads images, so pages of a scan end NO_TEXT after the pages, never public:
 *
 * | pages                                                    | after them                      |
 * |----------------------------------------------------------|---------------------------------|
 * | none has text                                            | NO_TEXT (the whole PDF)         |
 * | some have text; others paint images and have none        | NO_TEXT naming those pages      |
 * | some have text; the others are blank (paint no image)    | nothing                         |
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { collect, describeError, sourceBytes, toScanError } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { PageTables, type Placed } from './page-table.js';
import type { Source } from './source.js';
import { stringChunks } from './text.js';

/** pdfjs-dist's data folders with a trailing slash, or undefined when pdfjs-dist cannot be located. */
function pdfjsDataUrls(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
  } catch {
    return {};
  }
}

let dataUrls: { cMapUrl?: string; standardFontDataUrl?: string } | undefined;

/**
 * pdfjs-dist 5 evaluates `new DOMMatrix()` when it loads, and in Node it always requires the native
 * `@napi-rs/canvas` package (an optional dependency of pdfjs-dist) to take DOMMatrix, ImageData
 * and Path2D from it. Text extraction renders nothing, so inert stand-ins do, as in a Lambda bundle
 * where the package is absent. Where it is installed, pdfjs's require of it is answered from
 * Node's module cache with an empty module, because loading it (the Skia library) cost 20 MiB of
 * RSS per process or worker, measured: the largest part of loading pdfjs.
 */
function ensureDomStandIns(): void {
  const global = globalThis as Record<string, unknown>;
  global.DOMMatrix ??= class DOMMatrix {
    a = 1;
    b = 0;
    c = 0;
    d = 1;
    e = 0;
    f = 0;
  };
  global.ImageData ??= class ImageData {};
  global.Path2D ??= class Path2D {};
  try {
    // Resolved from pdfjs-dist's folder, where pdfjs's own createRequire resolves it.
    const fromPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const canvas = fromPdfjs.resolve('@napi-rs/canvas');
    fromPdfjs.cache[canvas] ??= { id: canvas, filename: canvas, loaded: true, exports: {} } as NodeJS.Module;
  } catch {
    // not installed (pdfjs's require fails and it warns, silenced in loadPdfjs)
  }
}

/**
 * Loads pdfjs with its worker code in this thread. Handing pdfjs the worker module through
 * `globalThis.pdfjsWorker` (instead of letting it import `./pdf.worker.mjs` by path) keeps the
 * reader working once esbuild has bundled it into a Lambda. pdfjs prints load-time warnings
 * (`Warning: Cannot load "@napi-rs/canvas"`) before any verbosity option applies: those lines, and
 * only those, are dropped while it loads.
 */
async function loadPdfjs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  ensureDomStandIns();
  const { log, warn } = console;
  const quiet =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (!(typeof args[0] === 'string' && args[0].startsWith('Warning: '))) print(...args);
    };
  console.log = quiet(log);
  console.warn = quiet(warn);
  try {
    const [pdfjs, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    ]);
    const global = globalThis as { pdfjsWorker?: { WorkerMessageHandler: unknown } };
    global.pdfjsWorker ??= { WorkerMessageHandler: worker.WorkerMessageHandler };
    dataUrls ??= pdfjsDataUrls();
    return pdfjs;
  } catch (error) {
    throw new ScanError('READ_FAILED', `pdf reader could not be loaded (${describeError(error)})`);
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

/** Maps pdfjs failures: a password is ENCRYPTED, everything else CORRUPT. */
function pdfError(error: unknown, what: string): ScanError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') return new ScanError('ENCRYPTED', 'pdf is password-protected');
  return toScanError(error, 'CORRUPT', what);
}

/**
 * Text of one page: text items joined, with a newline where pdfjs marks an end of line, and where
 * an item does not go on from the one before (it starts on another line, or apart from it, or
 * back to the left), a newline or a space: pdfjs marks none between the text of two form
 * XObjects (a flattened form's fields: an ID and a phone came out as one run of 29 digits).
 */
export function pageText(items: readonly unknown[]): string {
  let text = '';
  let previous: { x: number; y: number; end: number; size: number } | undefined;
  for (let i = 0; i < items.length; i++) {
    const { str, hasEOL, transform, width, height } = items[i] as { str?: unknown; hasEOL?: unknown; transform?: unknown; width?: unknown; height?: unknown };
    if (typeof str !== 'string') continue;
    const at = Array.isArray(transform) && transform.length === 6 ? { x: Number(transform[4]), y: Number(transform[5]) } : undefined;
    const size = typeof height === 'number' && height > 0 ? height : at !== undefined ? Math.abs(Number((transform as unknown[])[3])) : 0;
    if (str === ' ' && hasEOL !== true && previous !== undefined && typeof width === 'number' && width < AUTOSPACE_EM * previous.size && betweenHanAndLatin(text, items[i + 1])) continue;
    if (str !== '' && at !== undefined && previous !== undefined && text !== '' && !/\s$/.test(text)) {
      const lineHeight = Math.max(size, previous.size, 1);
      if (Math.abs(at.y - previous.y) > lineHeight / 2) text += lineEnd(text);
      else if (at.x - previous.end > lineHeight / 4 || at.x < previous.x) text += ' ';
    }
    text += str;
    if (hasEOL === true) text += lineEnd(text);
    if (str !== '' && at !== undefined) previous = { x: at.x, y: at.y, end: at.x + (typeof width === 'number' ? width : 0), size };
  }
  return text;
}

/**
 * What ends a line: a newline, but a space after a label that ends the line with its colon (a form
 * wraps `微信号：` at the line's end, its value at the next line's start), nothing after that
 * space, and nothing after a hyphen between letters or digits (WRAPPED_AT_HYPHEN).
 */
function lineEnd(text: string): string {
  if (/[:：] *$/.test(text)) return text.endsWith(' ') ? '' : ' ';
  return WRAPPED_AT_HYPHEN.test(text) ? '' : '\n';
}

/** A line broken after a hyphen inside a word or a number (`wang-` then `lei956`): the two halves are one. */
const WRAPPED_AT_HYPHEN = /[0-9A-Za-z]-$/;

/**
 * Widest gap (in ems) that is the spacing a typesetter puts between Chinese characters and Latin
 * letters or digits (LibreOffice's autospace: `文化街 156 号`), not a space typed: pdfjs gives it
 * as a space of its own, which broke an address (`文化街156号`) that the detector reads unbroken.
 */
const AUTOSPACE_EM = 0.3;

/** True when `text` ends with a Chinese character and `next` starts with a Latin letter or digit, or the other way round. */
function betweenHanAndLatin(text: string, next: unknown): boolean {
  const after = (next as { str?: unknown } | undefined)?.str;
  if (typeof after !== 'string' || text === '' || after === '') return false;
  const before = text.charAt(text.length - 1);
  const first = after.charAt(0);
  return (HAN_CHAR.test(before) && LATIN_CHAR.test(first)) || (LATIN_CHAR.test(before) && HAN_CHAR.test(first));
}

const HAN_CHAR = /\p{Script=Han}/u;
const LATIN_CHAR = /[0-9A-Za-z]/;

/**
 * A page's tables as cells under their column headers (page-table.ts), and the rest of its text
 * (pageText). Only upright text is placed (pdfjs's transform without rotation or skew).
 */
export function pageContent(items: readonly unknown[], tables: PageTables): { text: string; cells: Cell[] } {
  const placed: Placed[] = items.map((item) => {
    const { str, transform, width, height } = item as { str?: unknown; transform?: unknown; width?: unknown; height?: unknown };
    if (typeof str !== 'string' || !Array.isArray(transform) || transform.length !== 6 || transform[1] !== 0 || transform[2] !== 0 || !(Number(transform[0]) > 0) || !(Number(transform[3]) > 0)) return UNPLACED;
    const size = typeof height === 'number' && height > 0 ? height : Number(transform[3]);
    return { text: str, x: Number(transform[4]), y: -Number(transform[5]), width: typeof width === 'number' ? width : 0, size };
  });
  const { cells, taken } = tables.read(placed);
  return { text: pageText(taken.size === 0 ? items : items.filter((_, i) => !taken.has(i))), cells };
}

/** An item not placed on a table's grid (rotated, or not text). */
const UNPLACED: Placed = { text: '', x: Number.NaN, y: Number.NaN, width: 0, size: 0 };

/**
 * Text of a page's annotations: a form field's value after its name (a filled-in application
 * form: its values are in the fields, not the page's text), a comment's or a note's contents.
 */
export function annotationText(annotations: readonly unknown[]): string {
  let text = '';
  for (const annotation of annotations) {
    const { fieldName, fieldValue, fieldType, contentsObj } = annotation as { fieldName?: unknown; fieldValue?: unknown; fieldType?: unknown; contentsObj?: { str?: unknown } };
    const values = (Array.isArray(fieldValue) ? fieldValue : [fieldValue]).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
    // A check box's or a radio button's value is an export name (`Yes`, `Off`), not an answer typed in.
    if (fieldType !== 'Btn' && values.length > 0) text += `${typeof fieldName === 'string' ? `${fieldName} ` : ''}${values.join(' ')}\n`;
    const contents = contentsObj?.str;
    if (typeof contents === 'string' && contents.trim() !== '') text += `${contents}\n`;
  }
  return text;
}

/** Pages read between two cleanups of the document's caches. */
const CLEANUP_PAGES = 50;

/** Reads a PDF, held in memory (at most `maxBufferedBytes`). */
export async function* readPdf(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const max = ctx.budget.limits.maxBufferedBytes;
  if (source.size !== undefined && source.size > max) {
    throw new ScanError('LIMIT_EXCEEDED', `pdf is larger than ${max} bytes (maxBufferedBytes)`);
  }
  const bytes = await collect(sourceBytes(source), max);
  const pdfjs = await loadPdfjs();
  let task: ReturnType<typeof pdfjs.getDocument>;
  try {
    task = pdfjs.getDocument({
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      verbosity: pdfjs.VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      useWasm: false,
      useWorkerFetch: false,
      disableAutoFetch: true,
      disableStream: true,
      disableRange: true,
      cMapPacked: true,
      ...dataUrls,
    });
  } catch (error) {
    throw pdfError(error, 'pdf could not be opened');
  }
  try {
    let document;
    try {
      document = await task.promise;
    } catch (error) {
      throw pdfError(error, 'pdf could not be parsed');
    }
    const where = whereOf(ctx);
    const { OPS } = pdfjs;
    const imageOps = new Set([
      OPS.paintImageXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageMaskXObject,
      OPS.paintImageXObjectRepeat,
      OPS.paintInlineImageXObjectGroup,
      OPS.paintImageMaskXObjectGroup,
      OPS.paintImageMaskXObjectRepeat,
    ]);
    let anyText = false;
    const tables = new PageTables();
    /** Pages that show images and have no text: scans, not read. */
    const scanned: number[] = [];
    for (let page = 1; page <= document.numPages; page++) {
      let text: string;
      let cells: Cell[];
      try {
        const proxy = await document.getPage(page);
        ({ text, cells } = pageContent((await proxy.getTextContent()).items, tables));
        const annotations = annotationText(await proxy.getAnnotations());
        if (annotations !== '') text += `${text === '' || text.endsWith('\n') ? '' : '\n'}${annotations}`;
        // A page without text is a scan when it paints an image (a blank page paints nothing).
        if (cells.length === 0 && !/\S/.test(text) && (await proxy.getOperatorList()).fnArray.some((op) => imageOps.has(op))) scanned.push(page);
        proxy.cleanup();
        // pdfjs keeps what it parsed for every page read (fonts, resources) until the document is
        // cleaned up: a 1,000-page statement took 214 MiB peak RSS, 129-134 MiB with this.
        if (page % CLEANUP_PAGES === 0) await document.cleanup();
      } catch (error) {
        throw new ScanError('CORRUPT', `pdf page ${page} could not be read (${describeError(error)})`);
      }
      anyText ||= cells.length > 0 || /\S/.test(text);
      const found = cells;
      if (found.length > 0) yield { kind: 'cells', where: { ...where, page }, cells: { async *[Symbol.asyncIterator]() { yield found; } } };
      yield { kind: 'text', where: { ...where, page }, chunks: stringChunks(text) };
    }
    // A scan of paper (contracts, ID card copies) is pages of images: nothing read is not public.
    if (!anyText && document.numPages > 0) {
      yield errorPart(where, new ScanError('NO_TEXT', `pdf has ${document.numPages} pages and no text on any: scanned images are not read (no OCR)`));
    } else if (scanned.length > 0) {
      // Typed pages with scanned ones (a contract, then copies of the parties' ID cards): the
      // typed pages are read, the scanned ones are not, and the object is not public for them.
      const listed = scanned.length <= 10 ? scanned.join(', ') : `${scanned.slice(0, 10).join(', ')} and ${scanned.length - 10} more`;
      yield errorPart(where, new ScanError('NO_TEXT', `pdf pages ${listed} show images and no text: scanned pages are not read (no OCR)`));
    }
  } finally {
    await task.destroy();
  }
}
