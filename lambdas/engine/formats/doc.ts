/**
 * Old Word reader (.doc, Word 97-2003, and WPS Writer's .wps in the same form): the text of the
 * body, headers, footers, footnotes, endnotes, comments and text boxes as one TextPart, extracted
 * by word-extractor (MIT) from the file held in memory (at most `maxBufferedBytes`, checked by
 * the caller). Encrypted documents never get here (ole.ts). A document of pictures with almost no
 * text ends NO_TEXT (pictures.ts).
 */
import WordExtractor from 'word-extractor';
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { type ReadContext } from './limits.js';
import { olePictures, textThenPictures } from './pictures.js';
import type { CfbContainer } from './sheetjs.js';
import { stringChunks } from './text.js';

/** Reads a Word 97-2003 document from its bytes. */
export async function* readDoc(bytes: Buffer, container: CfbContainer, ctx: ReadContext): AsyncGenerator<ContentPart> {
  let text: string;
  try {
    const document = await new WordExtractor().extract(bytes);
    text = [
      document.getBody(),
      document.getHeaders({ includeFooters: true }),
      document.getFootnotes(),
      document.getEndnotes(),
      document.getAnnotations(),
      document.getTextboxes({ includeHeadersAndFooters: true, includeBody: true }),
    ].join('\n');
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'doc could not be parsed');
  }
  yield* textThenPictures(() => stringChunks(text), olePictures(container, 'doc'), ctx);
}
