/**
 * DOCX reader: the document body, streamed from the main document part (`word/document.xml`, or the
 * part the package's relationships name, as mammoth finds it) through the object's budget and ratio
 * checks, with mammoth's raw-text rules (docx-body.ts): the body's tables as cells under their
 * headers (a roster: 姓名 | 出生日期 | 微信号; a form: 姓名 | 张伟 | 性别 | 男), then the rest as
 * text. Read as text, a roster's rows after its first were far from its header row: a Word table
 * of twenty customers' names, birth dates, WeChat ids, QQ numbers and passports found one row.
 * The package's other parts that hold text are read after it (package-parts.ts); its pictures are
 * looked at when it has almost no text (pictures.ts), and the files it embeds (`word/embeddings/`:
 * a workbook pasted in as an object) are read as members. It replaced mammoth itself, which held
 * the whole file, the document's XML tree and its model: a 20 MB DOCX of customer rows took 1,512
 * MiB peak RSS (docs/benchmark.md).
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { documentTableCells } from '../header-row.js';
import { limitBytes, toScanError } from './bytes.js';
import { closeArchive, meteredEntry, openArchive, packageEmbeddings, packageEntries, type ZipInput } from './archive.js';
import { docxBody } from './docx-body.js';
import { piecesThenHeldText, type Piece } from './held-text.js';
import { type ReadContext } from './limits.js';
import { otherPackageText } from './package-parts.js';
import { OpacityMeter } from './opacity.js';
import { packagePictures, partsThenPictures } from './pictures.js';
import { decodeText } from './text.js';
import { readRelationships } from './xlsx-workbook.js';
import type { Entry, ZipFile } from 'yauzl';

const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

/** Reads a DOCX package from a path or a buffer: its text, then the files it embeds as members. */
export async function* readDocx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* partsThenPictures(documentParts(input, ctx), packagePictures(input, 'word/media/', 'docx', ctx), ctx);
  yield* packageEmbeddings(input, 'word/embeddings/', 'docx', ctx);
  // The main part, which documentParts reads, is not read again.
  yield* otherPackageText(input, 'docx', async (zip, entries) => {
    const main = await mainDocumentPath(zip, entries, ctx);
    return (name) => name === main;
  }, ctx);
}

/**
 * The main part's tables as cells (header-row.ts documentTableCells: `sheet` `table N`), then its
 * text (the tables' text out of it), held while the cells are read (held-text.ts).
 */
function documentParts(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  async function* pieces(): AsyncGenerator<Piece[]> {
    const zip = await openArchive(input);
    try {
      const entries = await packageEntries(zip, ctx.budget.limits);
      const entry = entries.get(await mainDocumentPath(zip, entries, ctx));
      if (entry === undefined) throw new ScanError('CORRUPT', 'docx has no main document part');
      let tables = 0;
      for await (const batch of docxBody(decodeText(meteredEntry(zip, entry, ctx.budget, 'docx document'), 'utf-8'))) {
        yield batch.flatMap((piece): Piece[] => (typeof piece === 'string' ? [{ text: piece }] : documentTableCells(piece, `table ${++tables}`).map((cell) => ({ cell }))));
      }
    } catch (error) {
      throw toScanError(error, 'CORRUPT', 'docx could not be parsed');
    } finally {
      closeArchive(zip);
    }
  }
  return piecesThenHeldText('docx', pieces, new OpacityMeter(), ctx);
}

/** The first officeDocument target of `_rels/.rels` that exists, else `word/document.xml` (mammoth's findPartPaths). */
async function mainDocumentPath(zip: ZipFile, entries: ReadonlyMap<string, Entry>, ctx: ReadContext): Promise<string> {
  const rels = entries.get('_rels/.rels');
  if (rels !== undefined) {
    const label = 'docx relationships';
    const bytes = limitBytes(meteredEntry(zip, rels, ctx.budget, label), ctx.budget.limits.maxBufferedBytes, label);
    for (const { Type, Target } of await readRelationships(decodeText(bytes, 'utf-8'), label)) {
      if (Type !== OFFICE_DOCUMENT || Target === undefined) continue;
      const path = Target.startsWith('/') ? Target.slice(1) : Target;
      if (entries.has(path)) return path;
    }
  }
  return 'word/document.xml';
}
