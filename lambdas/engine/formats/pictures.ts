/**
 * Office documents that are pictures: a Word document of pasted ID card photos under a caption
 * (身份证正反面), a workbook of photographed receipts. Their text is read; their pictures are not
 * (no OCR), and a caption alone would say public. So a DOCX, XLSX, PPTX or OpenDocument file (its
 * `Pictures/` folder) that holds a legible picture and almost no text ends NO_TEXT after its text,
 * as a scanned PDF does; so does a Word 97-2003 `.doc` or an Excel 97-2003 `.xls`, whose pictures
 * are PNG or JPEG images inside its OLE streams, found by their signatures.
 *
 * | text (characters that are not white space) | pictures in its media folder          | after the text |
 * |--------------------------------------------|---------------------------------------|----------------|
 * | under PICTURE_DOCUMENT_MAX_CHARS            | one or more legible (media.ts: an image not under 32 pixels a side) | NO_TEXT |
 * | under PICTURE_DOCUMENT_MAX_CHARS            | none, or only icons                   | nothing        |
 * | PICTURE_DOCUMENT_MAX_CHARS or more          | any                                   | nothing: a document with text and a logo or a photo is read as its text |
 */
import { ScanError } from '../errors.js';
import type { Cell, ContentPart } from '../types.js';
import { toScanError } from './bytes.js';
import { closeArchive, isDirectory, meteredEntry, openArchive, packageEntries, type ZipInput } from './archive.js';
import { whereOf, type ReadContext } from './limits.js';
import { PICTURE_DOCUMENT_MAX_CHARS, mediaKind, textChars, tooSmallToRead } from './media.js';
import { errorPart } from './members.js';
import type { CfbContainer } from './sheetjs.js';

/** First bytes of a picture read to tell its kind and size. */
const PICTURE_HEAD_BYTES = 8192;

/** Characters that are not white space, counted as text passes. */
export interface TextCount {
  chars: number;
}

/** `chunks`, counting their characters into `count` until there are PICTURE_DOCUMENT_MAX_CHARS. */
async function* countedText(chunks: AsyncIterable<string>, count: TextCount): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    if (count.chars < PICTURE_DOCUMENT_MAX_CHARS) count.chars += textChars(chunk);
    yield chunk;
  }
}

/** `batches` of cells, counting their characters into `count` until there are PICTURE_DOCUMENT_MAX_CHARS. */
async function* countedCells(batches: AsyncIterable<readonly Cell[]>, count: TextCount): AsyncGenerator<readonly Cell[]> {
  for await (const cells of batches) {
    for (let i = 0; i < cells.length && count.chars < PICTURE_DOCUMENT_MAX_CHARS; i++) count.chars += textChars(cells[i].text);
    yield cells;
  }
}

/** Counts the legible pictures of one document, for the check after its text. */
export interface DocumentPictures {
  /** The format's name, for messages. */
  readonly format: string;
  count(): Promise<number>;
}

/** The pictures of a zip-based document: its parts under `folder` (`word/media/`), told by their first bytes. */
export function packagePictures(input: ZipInput, folder: string, format: string, ctx: ReadContext): DocumentPictures {
  return {
    format,
    count: async () => {
      const zip = await openArchive(input);
      try {
        let legible = 0;
        for (const [name, entry] of await packageEntries(zip, ctx.budget.limits)) {
          if (!name.startsWith(folder) || isDirectory(name)) continue;
          const stream = meteredEntry(zip, entry, ctx.budget, 'document picture');
          let head = Buffer.alloc(0);
          for await (const chunk of stream) {
            head = Buffer.concat([head, chunk]);
            if (head.length >= PICTURE_HEAD_BYTES) break;
          }
          const kind = mediaKind(head);
          if (kind?.format === 'image' && !tooSmallToRead(kind)) legible++;
        }
        return legible;
      } finally {
        closeArchive(zip);
      }
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The pictures of an OLE document (a `.doc`'s Data stream, an `.xls`'s drawing records): PNG and
 * JPEG images inside its streams, found by their signatures: a PNG by its 8-byte signature, a JPEG
 * by its start marker and a frame header that gives its size (three bytes alone could be anything).
 */
export function olePictures(container: CfbContainer, format: string): DocumentPictures {
  return {
    format,
    count: async () => {
      let legible = 0;
      for (const entry of container.FileIndex) {
        const content = entry.content;
        if (entry.type !== 2 || content === undefined || content.length < 32) continue;
        const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
        for (const signature of [PNG_SIGNATURE, JPEG_SOI]) {
          for (let at = bytes.indexOf(signature); at !== -1; at = bytes.indexOf(signature, at + signature.length)) {
            const kind = mediaKind(bytes.subarray(at, at + PICTURE_HEAD_BYTES));
            if (kind?.format === 'image' && kind.width !== undefined && !tooSmallToRead(kind)) legible++;
          }
        }
      }
      return legible;
    },
  };
}

/**
 * After a document's text (`count` full): NO_TEXT when it is pictures (see the table above); when
 * its pictures cannot be read to tell, CORRUPT (never public for want of a look).
 */
async function* picturesAfterText(pictures: DocumentPictures, count: TextCount, ctx: ReadContext): AsyncGenerator<ContentPart> {
  if (count.chars >= PICTURE_DOCUMENT_MAX_CHARS) return;
  const { format } = pictures;
  let legible: number;
  try {
    legible = await pictures.count();
  } catch (error) {
    if (ctx.budget.isFatal(error)) throw error;
    yield errorPart(whereOf(ctx), toScanError(error, 'CORRUPT', `${format} pictures could not be read`));
    return;
  }
  if (legible === 0) return;
  yield errorPart(
    whereOf(ctx),
    new ScanError('NO_TEXT', `${format} holds ${legible} picture${legible === 1 ? '' : 's'} and ${count.chars} characters of text: its pictures are not read (no OCR)`),
  );
}

/** A document's parts (its tables' cells, its text), then NO_TEXT if it is pictures (see the table above). */
export async function* partsThenPictures(parts: AsyncIterable<ContentPart> | Iterable<ContentPart>, pictures: DocumentPictures, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const count: TextCount = { chars: 0 };
  for await (const part of parts) {
    if (part.kind === 'text') {
      const { chunks } = part;
      yield { ...part, chunks: { [Symbol.asyncIterator]: () => countedText(chunks, count) } };
    } else if (part.kind === 'cells') {
      const { cells } = part;
      yield { ...part, cells: { [Symbol.asyncIterator]: () => countedCells(cells, count) } };
    } else yield part;
  }
  yield* picturesAfterText(pictures, count, ctx);
}

/** A document's text as one TextPart, then NO_TEXT if it is pictures (see the table above). */
export function textThenPictures(text: () => AsyncIterable<string>, pictures: DocumentPictures, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return partsThenPictures([{ kind: 'text', where: whereOf(ctx), chunks: { [Symbol.asyncIterator]: () => text()[Symbol.asyncIterator]() } }], pictures, ctx);
}

/** A workbook's cells as one CellsPart, then NO_TEXT if it is pictures (see the table above). */
export function cellsThenPictures(cells: () => AsyncIterable<readonly Cell[]>, pictures: DocumentPictures, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return partsThenPictures([{ kind: 'cells', where: whereOf(ctx), cells: { [Symbol.asyncIterator]: () => cells()[Symbol.asyncIterator]() } }], pictures, ctx);
}
