/**
 * PPTX reader (PowerPoint 2007+, and WPS Presentation's .dps in the same form): the text runs
 * (`<a:t>`) of every slide, then of every speaker-notes page, in slide order, as one TextPart;
 * paragraphs end with a newline so values in two boxes never run together. Embedded files
 * (`ppt/embeddings/`: the workbook behind a chart, a pasted table) follow as container members. Each part is streamed
 * through yauzl with the object's budget and ratio checks, then saxes.
 */
import type { Entry, ZipFile } from 'yauzl';
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { closeArchive, meteredEntry, openArchive, packageEmbeddings, packageEntries, type ZipInput } from './archive.js';
import type { ReadContext } from './limits.js';
import { packagePictures, textThenPictures } from './pictures.js';
import { decodeText } from './text.js';
import { otherPackageText, partsMatching } from './package-parts.js';
import { parseXml, xmlText, type XmlParser } from './xml.js';

/** Slide and notes parts, in slide order (slide2 before slide10). */
export function presentationParts(names: Iterable<string>): string[] {
  const all = [...names];
  const numbered = (prefix: string): string[] =>
    all
      .filter((name) => new RegExp(`^${prefix}\\d+\\.xml$`).test(name))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  return [...numbered('ppt/slides/slide'), ...numbered('ppt/notesSlides/notesSlide')];
}

/** DrawingML text: the content of `<a:t>`, a newline after each paragraph and line break. */
export function listenDrawingText(parser: XmlParser, out: string[]): void {
  let inRun = false;
  parser.on('opentag', (tag) => {
    if (tag.name === 'a:t') inRun = true;
    else if (tag.name === 'a:br') out.push('\n');
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'a:t') inRun = false;
    else if (tag.name === 'a:p') out.push('\n');
  });
  parser.on('text', (text) => {
    if (inRun) out.push(text);
  });
}

/** Reads a PPTX package from a path or a buffer: its text, then its embedded files as members. */
export async function* readPptx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* textThenPictures(() => presentationText(input, ctx), packagePictures(input, 'ppt/media/', 'pptx', ctx), ctx);
  yield* packageEmbeddings(input, 'ppt/embeddings/', 'pptx', ctx);
  yield* otherPackageText(input, 'pptx', partsMatching(SLIDE_OR_NOTES), ctx);
}

/** The parts presentationText reads. */
const SLIDE_OR_NOTES = /^ppt\/(?:slides\/slide|notesSlides\/notesSlide)\d+\.xml$/;

async function* presentationText(input: ZipInput, ctx: ReadContext): AsyncGenerator<string> {
  const zip = await openArchive(input);
  try {
    const entries = await packageEntries(zip, ctx.budget.limits);
    let index = 0;
    for (const path of presentationParts(entries.keys())) {
      index += 1;
      yield* xmlText(parseXml(partText(zip, entries.get(path)!, ctx, index), `pptx part ${index}`, listenDrawingText));
    }
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'pptx could not be parsed');
  } finally {
    closeArchive(zip);
  }
}

function partText(zip: ZipFile, entry: Entry, ctx: ReadContext, index: number): AsyncGenerator<string> {
  return decodeText(meteredEntry(zip, entry, ctx.budget, `pptx part ${index}`), 'utf-8');
}
