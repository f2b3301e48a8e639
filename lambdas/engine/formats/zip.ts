/**
 * Zip reader: every member is sniffed and read like an object of its own, recursively, with
 * `where.entry` = the member path below the top-level object (`inner.zip/data.csv`).
 *
 * | Condition                                   | Result                                        |
 * |---------------------------------------------|-----------------------------------------------|
 * | unreadable central directory                | throws CORRUPT (the whole archive)            |
 * | directory entry                             | skipped (still counted as a member)           |
 * | more members than `maxEntries` (all levels) | throws LIMIT_EXCEEDED, reading stops          |
 * | more bytes than `maxTotalBytes` (all levels)| throws LIMIT_EXCEEDED, reading stops          |
 * | nesting deeper than `maxDepth`              | ErrorPart LIMIT_EXCEEDED for that member      |
 * | member ratio above `maxRatio` (as it flows) | ErrorPart LIMIT_EXCEEDED, next member         |
 * | member to buffer above `maxBufferedBytes`   | ErrorPart LIMIT_EXCEEDED, next member         |
 * | encrypted member (flag bit 0)               | ErrorPart ENCRYPTED, next member              |
 * | unsupported method, bad deflate, wrong size | ErrorPart CORRUPT, next member                |
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import { archiveEntries, closeArchive, entryName, isDirectory, meteredEntry, openArchive, type ZipInput } from './archive.js';
import { checkDepth, memberContext, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import type { Source } from './source.js';

/** Reads a zip archive from a path or a buffer. */
export async function* readZip(input: ZipInput, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const zip = await openArchive(input);
  try {
    let index = 0;
    for await (const entry of archiveEntries(zip)) {
      index += 1;
      ctx.budget.countEntry();
      const name = entryName(entry);
      if (isDirectory(name)) continue;
      const inner = memberContext(ctx, name);
      const where = { entry: inner.entry };
      const label = `zip entry ${index}`;
      if (entry.isEncrypted()) {
        yield errorPart(where, new ScanError('ENCRYPTED', `${label} is encrypted`));
        continue;
      }
      if (!entry.canDecodeFileData()) {
        yield errorPart(where, new ScanError('CORRUPT', `${label} uses unsupported compression method ${entry.compressionMethod}`));
        continue;
      }
      const member: Source = {
        name,
        size: entry.uncompressedSize,
        open: () => meteredEntry(zip, entry, ctx.budget, label),
      };
      yield* readMember(() => ctx.open(member, inner), where, ctx.budget);
    }
  } finally {
    closeArchive(zip);
  }
}
