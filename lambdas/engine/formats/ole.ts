/**
 * OLE compound files (CFB, `D0 CF 11 E0`) told apart by their streams, not their names: old Excel
 * and WPS Spreadsheets (.xls, .et) hold a `Workbook` (BIFF8) or `Book` (BIFF5) stream, old Word
 * and WPS Writer (.doc, .wps) a `WordDocument` stream, and an encrypted OOXML file an
 * `EncryptedPackage`. The container is parsed by SheetJS's CFB reader (loaded on first use) over
 * the whole file, held in memory (at most `maxBufferedBytes`); a BIFF8 workbook's by
 * cfb-directory.ts, which makes each stream only when it is read (SheetJS's reader copies every
 * chain of the file as it parses).
 *
 * | Streams                        | Result                                              |
 * |--------------------------------|-----------------------------------------------------|
 * | `Workbook` / `Book`            | `xls`; ENCRYPTED when its globals hold FILEPASS      |
 * | `WordDocument`                 | `doc`; ENCRYPTED when its FIB has fEncrypted        |
 * | `EncryptedPackage`             | ENCRYPTED: `xlsx`/`docx` as its name claims, else `binary` |
 * | `__properties_version1.0` and `__substg1.0_*` streams | `msg`: an Outlook item (msg.ts)  |
 * | `PowerPoint Document` (.ppt, .dps) | `binary`: read by the strings pass, then the objects it embeds as members (deckObjects) |
 * | an embedded object's streams at its root (an `oleObject1.bin`) | `binary`: the file it holds, as a member (objectFiles) |
 * | anything else                  | undefined: read like any other binary               |
 * | unreadable container, a sector chain that loops (cfb-chains.ts), or streams declared larger than the file in all | CORRUPT, format `binary` |
 *
 * The objects a `.doc`, `.xls` or `.ppt` embeds (a workbook pasted into a letter) are read after its text
 * or cells, as members (objectFiles).
 */
import { ScanError } from '../errors.js';
import type { ContentPart, Format } from '../types.js';
import { toScanError } from './bytes.js';
import { isBiff8 } from './biff8.js';
import { cfbChainCycle } from './cfb-chains.js';
import { lazyContainer } from './cfb-directory.js';
import type { Opened, ReadContext } from './limits.js';
import type { Source } from './source.js';
import { type FoundFile, readFound } from './embedded.js';
import { deckObjects, objectFiles } from './ole-objects.js';
import { ooxmlByExtension } from './sniff.js';
import { type CfbApi, type CfbContainer, loadSheetJs, quietly } from './sheetjs.js';
import { wholeObject } from './whole.js';

/** A stream of the container's root storage, by name (case-insensitive, as Office treats them). */
export function rootStream(container: CfbContainer, name: string): Uint8Array | undefined {
  const wanted = name.toLowerCase();
  for (let i = 0; i < container.FileIndex.length; i++) {
    const entry = container.FileIndex[i];
    // type 2 is a stream; root-level paths look like `Root Entry/Workbook`.
    if (entry.type === 2 && entry.name.toLowerCase() === wanted && container.FullPaths[i].split('/').filter(Boolean).length === 2) {
      return entry.content ?? new Uint8Array(0);
    }
  }
  return undefined;
}

/**
 * True when a BIFF workbook stream's globals hold a FILEPASS record (0x002F): the workbook is
 * encrypted (RC4 or XOR obfuscation) and its cells cannot be read.
 */
export function biffEncrypted(stream: Uint8Array): boolean {
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  for (let offset = 0; offset + 4 <= view.length; ) {
    const type = view.readUInt16LE(offset);
    if (type === 0x002f) return true;
    if (type === 0x000a) return false; // EOF of the globals substream
    offset += 4 + view.readUInt16LE(offset + 2);
  }
  return false;
}

/** True when a WordDocument stream's FIB has fEncrypted (bit 8 of the flags at offset 0x0A). */
export function wordEncrypted(stream: Uint8Array): boolean {
  return stream.length >= 12 && (stream[0x0b] & 0x01) !== 0;
}

function failing(format: Format, error: ScanError): Opened {
  async function* parts(): AsyncGenerator<ContentPart> {
    throw error;
  }
  return { format, parts: parts() };
}

/** Opens an OLE compound file as `xls`, `doc`, `msg` or a deck, or returns undefined when it is none of them. */
export async function openOle(source: Source, ctx: ReadContext): Promise<Opened | undefined> {
  let bytes: Buffer;
  let container: CfbContainer;
  // SheetJS (several MB of code, 11 MB of memory) is loaded only when its CFB reader or writer is needed.
  const loadCfb = async (): Promise<CfbApi> => (await loadSheetJs()).CFB as CfbApi;
  try {
    bytes = await wholeObject(source, ctx);
    // SheetJS follows a chain that loops until V8's heap runs out: the process aborts.
    const cycle = cfbChainCycle(bytes);
    if (cycle !== undefined) throw new ScanError('CORRUPT', `ole container is damaged: ${cycle}`);
    // An Excel 97 workbook's container is read here, its streams made when read (cfb-directory.ts).
    const lazy = lazyContainer(bytes);
    const lazyWorkbook = lazy === undefined ? undefined : rootStream(lazy, 'Workbook');
    if (lazy !== undefined && lazyWorkbook !== undefined && isBiff8(lazyWorkbook)) container = lazy;
    else {
      const cfb = await loadCfb();
      try {
        container = quietly(() => cfb.read(bytes, { type: 'buffer' }));
      } catch (error) {
        throw toScanError(error, 'CORRUPT', 'ole container could not be parsed');
      }
    }
  } catch (error) {
    if (ctx.budget.isFatal(error)) throw error;
    return failing('binary', toScanError(error, 'READ_FAILED', 'could not read object'));
  }

  // Streams no file can hold: each sector holds one stream (the small ones share the root's), so
  // their sizes add up to the file's at most. msgreader allocates what the directory says (a 10 KB
  // .msg declaring a 2 GiB attachment took 2 GiB and 44 s), and no reader that trusts it reads right.
  let declared = 0;
  for (const entry of container.FileIndex) if (entry.type === 2) declared += entry.size ?? 0;
  if (declared > bytes.length) return failing('binary', new ScanError('CORRUPT', 'ole container declares streams larger than the file'));
  const objects = (): Promise<FoundFile[]> => objectFiles(container, loadCfb);
  const workbook = rootStream(container, 'Workbook') ?? rootStream(container, 'Book');
  if (workbook !== undefined) {
    if (biffEncrypted(workbook)) return failing('xls', new ScanError('ENCRYPTED', 'xls is encrypted'));
    const { readXls } = await import('./xls.js');
    return { format: 'xls', parts: thenObjects(readXls(container, workbook, ctx), objects, ctx) };
  }
  const word = rootStream(container, 'WordDocument');
  if (word !== undefined) {
    if (wordEncrypted(word)) return failing('doc', new ScanError('ENCRYPTED', 'doc is encrypted'));
    const { readDoc } = await import('./doc.js');
    return { format: 'doc', parts: thenObjects(readDoc(bytes, container, word, ctx), objects, ctx) };
  }
  if (rootStream(container, 'EncryptedPackage') !== undefined) {
    const claimed = ooxmlByExtension(source.name);
    return failing(claimed ?? 'binary', new ScanError('ENCRYPTED', claimed === undefined ? 'encrypted office package' : `${claimed} is encrypted`));
  }
  const { isOutlookItem, readMsg } = await import('./msg.js');
  if (isOutlookItem(container)) return { format: 'msg', parts: readMsg(bytes, container, ctx) };
  const deck = rootStream(container, 'PowerPoint Document');
  if (deck !== undefined) {
    const { readStrings } = await import('./strings.js');
    return { format: 'binary', parts: thenObjects(readStrings(source, ctx), () => deckObjects(deck, ctx.budget.limits.maxBufferedBytes), ctx) };
  }
  // An OLE object of its own (an `oleObject1.bin` a DOCX or PPTX embeds): the file it holds.
  const files = await objects();
  if (files.length > 0) return { format: 'binary', parts: readFound(files, ctx) };
  return undefined;
}

/** `parts`, then the files of the container's embedded objects as members. */
async function* thenObjects(parts: AsyncIterable<ContentPart>, objects: () => FoundFile[] | Promise<FoundFile[]>, ctx: ReadContext): AsyncGenerator<ContentPart> {
  yield* parts;
  yield* readFound(await objects(), ctx);
}
