/**
 * What the fixed-layout packages share (OFD: ofd.ts; XPS: xps.ts): a zip whose structure parts,
 * XML, name the parts of its pages, each placing its texts at positions (laid out by
 * page-layout.ts as a PDF's pages are).
 */
import type { Entry, ZipFile } from 'yauzl';
import { ScanError } from '../errors.js';
import { limitBytes } from './bytes.js';
import { meteredEntry } from './archive.js';
import type { ReadContext } from './limits.js';
import { decodeText } from './text.js';
import { parseXmlNs, type XmlNsParser } from './xml.js';

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
