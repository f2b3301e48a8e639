/**
 * What the fixed-layout packages share (OFD: ofd.ts; XPS: xps.ts): a zip whose structure parts,
 * XML, name the parts of its pages, each placing its texts at positions (laid out by
 * page-layout.ts as a PDF's pages are).
 */
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import type { ContentPart, Location } from '../types.js';
import { limitBytes } from './bytes.js';
import { isDirectory, meteredEntry } from './archive.js';
import { memberContext, type ReadContext } from './limits.js';
import { errorPart, readMember } from './members.js';
import { readingOrder, type PagedDocument, type Placed } from './page-layout.js';
import { decodeText } from './text.js';
import { parseXmlNs, type XmlNsParser } from './xml.js';

/** The most texts one page (or template) places (a dense page of a character each holds a few thousand): more is LIMIT_EXCEEDED for that page. */
export const MAX_PAGE_TEXTS = 200_000;

/** What a page's part holds: a text placed, a picture painted, more texts than MAX_PAGE_TEXTS, a template page under it (OFD). */
export type PageItem = { readonly piece: Placed } | { readonly image: true } | { readonly overflow: true } | { readonly template: string };

/** Page `page` of `items` laid out (PagedDocument.page: tables as cells, the rest as text), then LIMIT_EXCEEDED when it placed too many texts. */
export async function* laidOutPage(pages: PagedDocument, page: number, items: readonly PageItem[], where: Location, format: string): AsyncGenerator<ContentPart> {
  const pieces = readingOrder(items.flatMap((item) => ('piece' in item ? [item.piece] : [])));
  yield* await pages.page(page, pieces, () => items.some((item) => 'image' in item));
  if (items.some((item) => 'overflow' in item)) yield errorPart({ ...where, page }, new ScanError('LIMIT_EXCEEDED', `${format} page ${page} places more than ${MAX_PAGE_TEXTS} texts: the rest are not read`));
}

/** The package's parts neither `claimed` (its structure and pages) nor of no one's data (`noData`), read as a zip's members are. */
export async function* otherParts(zip: ZipFile, entries: ReadonlyMap<string, Entry>, claimed: ReadonlySet<string>, noData: RegExp, format: string, ctx: ReadContext): AsyncGenerator<ContentPart> {
  for (const [name, entry] of entries) {
    if (claimed.has(name) || isDirectory(name) || noData.test(name)) continue;
    ctx.budget.countEntry();
    const inner = memberContext(ctx, name);
    const member = { name, size: entry.uncompressedSize, open: () => meteredEntry(zip, entry, ctx.budget, `${format} part ${name.split('/').pop()}`) };
    yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
  }
}

/** The most bytes of one structure part (OFD.xml, a Document.xml, a page's content) parsed. */
const PART_MAX_BYTES = 64 * 1024 * 1024;

/** A path in the package: `loc` against the folder of `base` (absolute when it starts with `/`), `.` and `..` resolved. */
export function resolvePath(base: string, loc: string): string {
  const parts = loc.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const part of loc.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** A local name's attribute value in namespace mode (OFD's and XPS's attributes have no namespace). */
export function attr(tag: { attributes: Record<string, { local: string; value: string }> }, local: string): string | undefined {
  for (const attribute of Object.values(tag.attributes)) if (attribute.local === local) return attribute.value;
  return undefined;
}

/** One structure part of a `format` package parsed whole (a missing part is CORRUPT). */
export async function parsePart<T>(
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
  path: string,
  listen: (parser: XmlNsParser, out: T[]) => void,
  ctx: ReadContext,
  format: string,
): Promise<T[]> {
  const entry = entries.get(path);
  if (entry === undefined) throw new ScanError('CORRUPT', `${format} package has no part ${path.split('/').pop()}`);
  const bytes = limitBytes(meteredEntry(zip, entry, ctx.budget, `${format} part ${path.split('/').pop()}`), PART_MAX_BYTES, `${format} part`);
  const items: T[] = [];
  for await (const batch of parseXmlNs(decodeText(bytes, 'utf-8'), `${format} part`, listen)) items.push(...batch);
  return items;
}
