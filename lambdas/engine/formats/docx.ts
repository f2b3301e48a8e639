/**
 * DOCX reader: mammoth's raw text of the document body as one TextPart. Mammoth needs the whole
 * file in memory and inflates parts without limits, so the package is first read through yauzl
 * with the object's budget and ratio checks (a DOCX bomb fails there, not in mammoth).
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { loadBuffer, toScanError } from './bytes.js';
import { closeArchive, meteredEntry, openArchive, packageEntries, type ZipInput } from './archive.js';
import { whereOf, type ReadContext } from './limits.js';
import { stringChunks } from './text.js';

/**
 * Inflates every part once, counting bytes: each part and all XML parts together must fit in
 * `maxBufferedBytes` (mammoth holds them), and each part must respect `maxRatio`.
 */
async function checkPackage(buffer: Buffer, ctx: ReadContext): Promise<void> {
  const { budget } = ctx;
  const max = budget.limits.maxBufferedBytes;
  const zip = await openArchive({ buffer });
  try {
    const entries = await packageEntries(zip, budget.limits.maxEntries);
    let xmlBytes = 0;
    let index = 0;
    for (const [name, entry] of entries) {
      index += 1;
      if (entry.isEncrypted() || !entry.canDecodeFileData()) {
        throw new ScanError('CORRUPT', `docx part ${index} cannot be decoded`);
      }
      const xml = /\.(xml|rels)$/i.test(name);
      let partBytes = 0;
      for await (const chunk of meteredEntry(zip, entry, budget, `docx part ${index}`)) {
        partBytes += chunk.length;
        if (xml) xmlBytes += chunk.length;
        if (partBytes > max || xmlBytes > max) {
          throw new ScanError('LIMIT_EXCEEDED', `docx parts exceed ${max} bytes (maxBufferedBytes)`);
        }
      }
    }
  } finally {
    closeArchive(zip);
  }
}

/** Reads a DOCX package from a path or a buffer. */
export async function* readDocx(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const buffer = await loadBuffer(input, ctx.budget.limits.maxBufferedBytes);
  await checkPackage(buffer, ctx);
  let text: string;
  try {
    // Loaded on first use (it is large): a text scan never pays for it.
    const { default: mammoth } = await import('mammoth');
    text = (await mammoth.extractRawText({ buffer })).value;
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'docx could not be parsed');
  }
  yield { kind: 'text', where: whereOf(ctx), chunks: stringChunks(text) };
}
