/**
 * PDF reader: pdfjs-dist (legacy build, for Node) extracts the text of each page; a TextPart
 * (after a CellsPart of its tables) per page with `where.page` (1-based). pdfjs is silenced (verbosity 0), evaluates no code, loads
 * no fonts and fetches nothing over the network: CMaps (needed for Chinese text in CID fonts) and
 * standard fonts are read from pdfjs-dist's own folders on disk when they are present. A page's
 * tables are cells and its form fields are read after its text; nothing here reads images, so
 * pages of a scan end NO_TEXT after the pages, never public (page-layout.ts, PagedDocument).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { collect, describeError, sourceBytes, toScanError } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { errorPart } from './members.js';
import { damagedStreams } from './pdf-streams.js';
import { PagedDocument, type Placed } from './page-layout.js';
import type { Source } from './source.js';

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
 * A page's pdfjs text items as placed pieces (page-layout.ts): x and baseline from the item's
 * transform (y turned to grow downward), its font size (its height, or the transform's scale),
 * its width; upright when the transform neither rotates nor skews.
 */
export function pdfPieces(items: readonly unknown[]): Placed[] {
  const pieces: Placed[] = [];
  for (const item of items) {
    const { str, hasEOL, transform, width, height } = item as { str?: unknown; hasEOL?: unknown; transform?: unknown; width?: unknown; height?: unknown };
    if (typeof str !== 'string') continue;
    const matrix = Array.isArray(transform) && transform.length === 6 ? transform.map(Number) : undefined;
    const size = typeof height === 'number' && height > 0 ? height : matrix !== undefined ? Math.abs(matrix[3]) : 0;
    pieces.push({
      text: str,
      x: matrix?.[4] ?? Number.NaN,
      y: matrix === undefined ? Number.NaN : -matrix[5],
      width: typeof width === 'number' ? width : 0,
      size,
      hasEOL: hasEOL === true,
      upright: matrix !== undefined && matrix[1] === 0 && matrix[2] === 0 && matrix[0] > 0 && matrix[3] > 0,
    });
  }
  return pieces;
}

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
    const pages = new PagedDocument('pdf', where);
    for (let page = 1; page <= document.numPages; page++) {
      let parts: ContentPart[];
      try {
        const proxy = await document.getPage(page);
        // A page without text is a scan when it paints an image (a blank page paints nothing).
        const showsImage = async () => (await proxy.getOperatorList()).fnArray.some((op) => imageOps.has(op));
        parts = await pages.page(page, pdfPieces((await proxy.getTextContent()).items), showsImage, annotationText(await proxy.getAnnotations()));
        proxy.cleanup();
        // pdfjs keeps what it parsed for every page read (fonts, resources) until the document is
        // cleaned up: a 1,000-page statement took 214 MiB peak RSS, 129-134 MiB with this.
        if (page % CLEANUP_PAGES === 0) await document.cleanup();
      } catch (error) {
        throw new ScanError('CORRUPT', `pdf page ${page} could not be read (${describeError(error)})`);
      }
      yield* parts;
    }
    yield* pages.end();
    const damaged = damagedStreams(bytes);
    if (damaged > 0) {
      yield errorPart(where, new ScanError('CORRUPT', `pdf has ${damaged} damaged stream(s) (cut short, or not of their length, or not decompressing): what they hold may not have been read`));
    }
  } finally {
    await task.destroy();
  }
}
