/**
 * Outlook items ([MS-OXMSG]): `.msg` messages (and `.oft` templates, contacts, appointments saved
 * from Outlook), OLE compound files whose properties are streams named `__substg1.0_<tag>`. The
 * container is walked by @kenjiuno/msgreader (Apache-2.0), which also rebuilds an attached Outlook
 * item or embedded OLE object as a file of its own.
 *
 * The strings pass read them before, and missed what matters: Chinese text in UTF-16 with few
 * ASCII characters (names, addresses, a body in Chinese), and every attachment, stored as its own
 * bytes (a zip-compressed `.xlsx` of customers is no text).
 *
 * | Content                                            | Read as                               |
 * |----------------------------------------------------|---------------------------------------|
 * | every string property of the message, its recipients and its attachments (subject, sender, addresses, transport headers, named properties such as a contact's phones) | one TextPart, one property a line |
 * | PT_UNICODE strings                                 | UTF-16LE                              |
 * | PT_STRING8 strings                                 | the message's code page (PidTagMessageCodepage, PidTagInternetCodepage), else UTF-8, GB18030 or Big5 told by the bytes |
 * | body: PidTagBody; without it the HTML body's text; without both the compressed RTF's text | in the same TextPart |
 * | attachments (files, attached Outlook items, embedded OLE objects) | members, read like objects of their own, recursively, `entry` = the attachment's file name; one that cannot be taken out is its CORRUPT error part |
 * | an inline picture (hidden, or with a content id) of an item whose body has 100 characters or more | not read, as a picture in a document with text (pictures.ts) |
 *
 * The file is held in memory (it is an OLE file: at most `maxBufferedBytes`).
 */
import iconv from 'iconv-lite';
import type * as MsgReaderModule from '@kenjiuno/msgreader/lib/MsgReader.js';
import { ScanError } from '../errors.js';
import type { ContentPart, TextPart } from '../types.js';
import { toScanError } from './bytes.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { htmlText } from './mail.js';
import { filesIn, readFound } from './embedded.js';
import { PICTURE_DOCUMENT_MAX_CHARS, mediaKind, textChars } from './media.js';
import { errorPart, memoryMember, readMember } from './members.js';
import { rtfText } from './rtf.js';
import type { CfbContainer } from './sheetjs.js';
import { createDecoder, detectEncoding, readMisaligned, stringChunks } from './text.js';

/** Property types (the low word of a tag): strings, and binary. The multi-valued flag is 0x1000. */
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const MULTIPLE = 0x1000;
/** Property ids (the high word) read specially. */
const PID_BODY = 0x1000;
const PID_RTF_COMPRESSED = 0x1009;
const PID_HTML = 0x1013;

/** True for an OLE container holding an Outlook item: a root property stream and property streams. */
export function isOutlookItem(container: CfbContainer): boolean {
  let properties = false;
  let substorage = false;
  for (let i = 0; i < container.FileIndex.length; i++) {
    const depth = container.FullPaths[i].split('/').filter(Boolean).length;
    if (depth !== 2) continue;
    const name = container.FileIndex[i].name.toLowerCase();
    if (name === '__properties_version1.0') properties = true;
    else if (name.startsWith('__substg1.0_')) substorage = true;
  }
  return properties && substorage;
}

/** One string or binary property stream of the message, a recipient or an attachment. */
interface PropertyStream {
  readonly tag: number;
  readonly raw: Uint8Array;
}

const PROPERTY_STREAM = /^__substg1\.0_([0-9a-f]{8})(-[0-9a-f]{8})?$/i;

/**
 * The property streams of the item itself, its recipients and its attachments, in the
 * container's order: not those of an attached item (read as a member of its own) or of the
 * named-property map (property names, not values). A multi-valued property's values are streams
 * of their own (`-0000000N`); its stream without a suffix holds their lengths and is left out.
 */
function propertyStreams(container: CfbContainer): PropertyStream[] {
  const found: PropertyStream[] = [];
  for (let i = 0; i < container.FileIndex.length; i++) {
    const entry = container.FileIndex[i];
    if (entry.type !== 2) continue;
    const segments = container.FullPaths[i].split('/').filter(Boolean).slice(1);
    const inObject = segments.length === 1 || (segments.length === 2 && /^__(recip|attach)_version1\.0_#/i.test(segments[0]));
    const match = inObject ? PROPERTY_STREAM.exec(entry.name) : null;
    if (match === null) continue;
    const tag = Number.parseInt(match[1], 16) >>> 0;
    if ((tag & MULTIPLE) !== 0 && match[2] === undefined) continue;
    found.push({ tag, raw: entry.content ?? new Uint8Array(0) });
  }
  return found;
}

type FieldsData = MsgReaderModule.FieldsData;
/** The part of msgreader's MsgReader used here. */
interface MsgReader {
  getFileData(): FieldsData;
  getAttachment(attachment: FieldsData): MsgReaderModule.AttachmentData;
}
type MsgReaderClass = new (view: DataView) => MsgReader;

/** msgreader's MsgReader class, loaded on first use. */
export async function msgReaderClass(): Promise<MsgReaderClass> {
  const module = (await import('@kenjiuno/msgreader')) as unknown as { default: MsgReaderClass | { default: MsgReaderClass } };
  // Node's own ESM loader hands over the CommonJS exports object; a bundler its `default`.
  return typeof module.default === 'function' ? module.default : module.default.default;
}

/** The iconv-lite name of a Windows code page, if it knows it. */
function codepageEncoding(codepage: unknown): string | undefined {
  if (typeof codepage !== 'number' || codepage <= 0) return undefined;
  if (codepage === 65001) return 'utf8';
  if (codepage === 1200) return 'utf16le';
  const name = `cp${codepage}`;
  return iconv.encodingExists(name) ? name : undefined;
}

/** 8-bit text in `encoding`, or in the encoding its bytes show (UTF-8, GB18030, Big5). */
function decode8(raw: Uint8Array, encoding: string | undefined): string {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (encoding !== undefined) return iconv.decode(bytes, encoding);
  const decoder = createDecoder(detectEncoding(bytes));
  return decoder.write(bytes) + decoder.end();
}

function utf16(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength & ~1).toString('utf16le');
}

const withoutNuls = (text: string): string => text.replace(/\0+$/, '');

/** The text of an item's string properties and body, one property a line (see the table above). */
function itemText(streams: readonly PropertyStream[], encoding: string | undefined): { text: string; bodyChars: number; html: string } {
  const lines: string[] = [];
  let bodyChars = 0;
  let html = '';
  const has = (id: number) => streams.some((property) => property.tag >>> 16 === id);
  for (const { tag, raw } of streams) {
    const id = tag >>> 16;
    const type = tag & 0xffff & ~MULTIPLE;
    let line: string | undefined;
    if (type === PT_BINARY && id === PID_HTML) html = decode8(raw, encoding);
    if (type === PT_UNICODE) line = withoutNuls(utf16(raw));
    else if (type === PT_STRING8) line = withoutNuls(decode8(raw, encoding));
    else if (type === PT_BINARY && id === PID_HTML && !has(PID_BODY)) line = htmlText(html);
    else if (type === PT_BINARY && id === PID_RTF_COMPRESSED && !has(PID_BODY) && !has(PID_HTML)) line = rtfText(raw);
    if (line === undefined || line.length === 0) continue;
    lines.push(line);
    if (id === PID_BODY || id === PID_HTML || id === PID_RTF_COMPRESSED) bodyChars += textChars(line);
  }
  return { text: lines.join('\n'), bodyChars, html };
}

/** PidTagAttachMethod: the data in the attachment (afByValue), an attached item (afEmbeddedMessage). */
const PID_ATTACH_METHOD = 0x37050003;
const BY_VALUE = 1;
const EMBEDDED_MESSAGE = 5;

/**
 * The item's own attachments ([MS-OXMSG] 2.2.2) whose method says their data is stored in the
 * item (by value: the `__substg1.0_37010102` stream; an attached item: the `__substg1.0_3701000D`
 * storage) but whose data is not there. The method is a fixed-size property: after the 8-byte
 * header of the attachment's property stream, 16-byte entries of a tag, flags and the value.
 */
function attachmentsWithoutData(container: CfbContainer): number {
  const paths = new Set(container.FullPaths.map((path) => path.toLowerCase()));
  let missing = 0;
  for (let i = 0; i < container.FileIndex.length; i++) {
    const path = container.FullPaths[i];
    const segments = path.split('/').filter(Boolean);
    if (container.FileIndex[i].type !== 1 || segments.length !== 2 || !/^__attach_version1\.0_#/i.test(segments[1])) continue;
    const base = path.endsWith('/') ? path : `${path}/`;
    const properties = container.FileIndex[container.FullPaths.indexOf(`${base}__properties_version1.0`)]?.content;
    if (properties === undefined) continue;
    const view = Buffer.from(properties.buffer, properties.byteOffset, properties.byteLength);
    let method: number | undefined;
    for (let at = 8; at + 16 <= view.length; at += 16) if (view.readUInt32LE(at) === PID_ATTACH_METHOD) method = view.readUInt32LE(at + 8);
    const has = (name: string) => paths.has(`${base}${name}`.toLowerCase()) || paths.has(`${base}${name}/`.toLowerCase());
    if ((method === BY_VALUE && !has('__substg1.0_37010102')) || (method === EMBEDDED_MESSAGE && !has('__substg1.0_3701000D'))) missing++;
  }
  return missing;
}

/** Reads an Outlook item (the whole file, in memory): its text, then its attachments as members. */
export async function* readMsg(bytes: Buffer, container: CfbContainer, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const Reader = await msgReaderClass();
  let reader: MsgReader;
  let item: FieldsData;
  let text: { text: string; bodyChars: number; html: string };
  try {
    reader = new Reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    item = reader.getFileData();
    if (item.error !== undefined) throw new ScanError('CORRUPT', 'outlook item could not be parsed');
    const encoding = codepageEncoding(item.messageCodepage) ?? codepageEncoding(item.internetCodepage);
    text = itemText(propertyStreams(container), encoding);
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'outlook item could not be parsed');
  }
  const attachments = item.attachments ?? [];
  const part: TextPart = { kind: 'text', where: whereOf(ctx), chunks: stringChunks(text.text) };
  yield part;
  // Damage that reads as nothing wrong to msgreader (found by fuzzing): the mini stream shifted
  // by a byte, and an attachment's data stream renamed, which it takes for one by reference.
  if (readMisaligned(text.text)) {
    yield errorPart(whereOf(ctx), new ScanError('CORRUPT', 'outlook item text reads as ASCII shifted into the high byte: its streams are damaged'));
  }
  const missing = attachmentsWithoutData(container);
  if (missing > 0) yield errorPart(whereOf(ctx), new ScanError('CORRUPT', `outlook item has ${missing} attachment(s) stored in it whose data is missing`));
  const textual = text.bodyChars >= PICTURE_DOCUMENT_MAX_CHARS;
  // A picture pasted into the HTML body as a `data:` URI, or a file in it as base64 (embedded.ts).
  yield* readFound(filesIn(text.html, 'body.html/', ctx.budget.limits.maxBufferedBytes), ctx);
  for (const [index, attachment] of attachments.entries()) {
    if (attachment.innerMsgContent !== true && attachment.dataId === undefined) continue; // by reference: no bytes here
    ctx.budget.countEntry();
    const label = attachment.fileName || attachment.fileNameShort || attachment.name || `attachment-${index + 1}`;
    const name = attachment.innerMsgContent === true && !label.toLowerCase().endsWith('.msg') ? `${label}.msg` : label;
    const inner = memberContext(ctx, name);
    let content: Uint8Array;
    try {
      ({ content } = reader.getAttachment(attachment));
    } catch (error) {
      yield errorPart({ entry: inner.entry }, toScanError(error, 'CORRUPT', `outlook item attachment ${index + 1} could not be read`));
      continue;
    }
    // A picture shown inside a message with text (a signature's logo: hidden, or with a content
    // id) is part of its layout, as in an .eml (mail.ts); a picture attached to it is read.
    const inline = attachment.attachmentHidden === true || Boolean(attachment.pidContentId);
    if (inline && textual && mediaKind(content)?.format === 'image') continue;
    const member = memoryMember(name, content, ctx.budget, `attachment ${index + 1}`);
    yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
  }
}
