/**
 * Old Word reader (.doc, Word 97-2003, and WPS Writer's .wps in the same form): the text of the
 * body, headers, footers, footnotes, endnotes, comments and text boxes as one TextPart, extracted
 * by word-extractor (MIT) from the file held in memory (at most `maxBufferedBytes`, checked by
 * the caller). Encrypted documents never get here (ole.ts). A document of pictures with almost no
 * text ends NO_TEXT (pictures.ts); one whose FIB counts text of which none can be read, CORRUPT.
 */
import WordExtractor from 'word-extractor';
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { whereOf, type ReadContext } from './limits.js';
import { textChars } from './media.js';
import { olePictures, partsThenPictures } from './pictures.js';
import type { CfbContainer } from './sheetjs.js';
import { readMisaligned } from './text.js';
import { tabTableParts, wordTableRows } from './text-table.js';

/**
 * The characters of the main document's text as the FIB counts them (FibRgLw97.ccpText, [MS-DOC]
 * 2.5.1): after the 32-byte FibBase, the 16-bit words (a count, then them) and then the 32-bit
 * ones, of which ccpText is the fourth. Undefined when the stream is too short to hold it.
 */
export function fibTextChars(word: Uint8Array): number | undefined {
  const view = Buffer.from(word.buffer, word.byteOffset, word.byteLength);
  if (view.length < 34) return undefined;
  const longs = 34 + view.readUInt16LE(32) * 2;
  if (view.length < longs + 2 + 16) return undefined;
  return view.readUInt32LE(longs + 2 + 12);
}

/** Reads a Word 97-2003 document from its bytes (`word`: its WordDocument stream). */
export async function* readDoc(bytes: Buffer, container: CfbContainer, word: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  let text: string;
  try {
    const document = await new WordExtractor().extract(bytes);
    // A body the FIB counts text in that gives none, and no picture to be the text: its piece table
    // was damaged, and the letter came out public. A paragraph mark alone is an empty document;
    // pictures count one character each (a document of them ends NO_TEXT, pictures.ts).
    const counted = fibTextChars(word) ?? 0;
    const body = document.getBody();
    if (counted > 1 && textChars(body) === 0 && (await olePictures(container, 'doc').count()) === 0) {
      throw new ScanError('CORRUPT', `doc counts ${counted} characters of text, none could be read`);
    }
    if (readMisaligned(body)) throw new ScanError('CORRUPT', 'doc text reads as ASCII shifted into the high byte: its piece table is damaged');
    text = [
      wordTableRows(body),
      document.getHeaders({ includeFooters: true }),
      document.getFootnotes(),
      document.getEndnotes(),
      document.getAnnotations(),
      document.getTextboxes({ includeHeadersAndFooters: true, includeBody: true }),
    ].join('\n');
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'doc could not be parsed');
  }
  // Its tables (cells and rows as word-extractor marks them: wordTableRows) as cells, then its text.
  yield* partsThenPictures(tabTableParts(text, whereOf(ctx)), olePictures(container, 'doc'), ctx);
}
