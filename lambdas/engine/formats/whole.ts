/**
 * Whole-object input for the readers whose parsers need random access to every byte (SQLite, OLE
 * documents, Parquet): a local file is read from its path, any other source is streamed into
 * memory; either way at most `maxBufferedBytes`, checked before anything is parsed.
 */
import { ScanError } from '../errors.js';
import { collect, loadBuffer, sourceBytes } from './bytes.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';

/** The object's bytes in one Buffer; LIMIT_EXCEEDED past `maxBufferedBytes`. */
export async function wholeObject(source: Source, ctx: ReadContext): Promise<Buffer> {
  const max = ctx.budget.limits.maxBufferedBytes;
  if (source.path !== undefined) return loadBuffer({ path: source.path }, max);
  if (source.size !== undefined && source.size > max) {
    throw new ScanError('LIMIT_EXCEEDED', `more than ${max} bytes to hold in memory (maxBufferedBytes)`);
  }
  return collect(sourceBytes(source), max);
}
