/**
 * Python pickles: not read. An array of objects in an `.npy` is pickled after its header (numpy.ts
 * hands it here): it is OPAQUE, never public.
 */
import { ScanError } from '../errors.js';
import type { ContentPart } from '../types.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';

/** Reads a pickle: OPAQUE, its content not read. */
export async function* readPickle(_source: Source, _ctx: ReadContext): AsyncGenerator<ContentPart> {
  throw new ScanError('OPAQUE', 'Python pickle: its content is not read');
}
