/**
 * Outlook items (.msg) written from synthetic data, by [MS-OXMSG] 2.2 and 2.4: no free writer of
 * them exists (Outlook, and commercial libraries, write them), so this one lays out the streams
 * and storages itself in an OLE container written by SheetJS's CFB writer. The reader under test
 * (msgreader) is independent of it.
 *
 * | Storage / stream                                  | Holds                                       |
 * |---------------------------------------------------|---------------------------------------------|
 * | `__properties_version1.0`                         | fixed-size values (code page, attach method) and the sizes of the others; a 32-byte header at the top, 24 in an attached item, 8 in a recipient or attachment |
 * | `__substg1.0_<tag>`                               | one string (PT_UNICODE: UTF-16LE; PT_STRING8: its code page) or binary value |
 * | `__recip_version1.0_#0000000N`                    | a recipient: display name, SMTP address     |
 * | `__attach_version1.0_#0000000N`                   | an attachment: its file name and `__substg1.0_37010102` bytes, or an attached item in `__substg1.0_3701000D` |
 */
import { loadSheetJs } from '../../../lambdas/engine/formats/sheetjs.js';

/** One property: tag (id << 16 | type) and its value. */
interface Property {
  readonly tag: number;
  readonly value: Buffer | number;
}

/** An Outlook message to write. */
export interface MsgSpec {
  readonly subject?: string;
  /** PidTagBody, as PT_UNICODE. */
  readonly body?: string;
  /** PidTagBody as PT_STRING8 bytes (with `codepage`, or none for an item that does not say). */
  readonly body8?: Buffer;
  /** PidTagHtml (binary) */
  readonly html?: Buffer;
  /** PidTagRtfCompressed (binary) */
  readonly rtf?: Buffer;
  /** PidTagMessageCodepage */
  readonly codepage?: number;
  readonly senderName?: string;
  readonly senderEmail?: string;
  readonly recipients?: readonly { readonly name: string; readonly email: string }[];
  /** Files (`inline`: shown in the body, with a content id and hidden, as Outlook stores a signature's logo) or attached items. */
  readonly attachments?: readonly ({ readonly name: string; readonly data: Buffer; readonly inline?: boolean } | { readonly name: string; readonly message: MsgSpec })[];
}

const PT_LONG = 0x0003;
const PT_BOOLEAN = 0x000b;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;

const unicode = (id: number, text: string): Property => ({ tag: (id << 16) | PT_UNICODE, value: Buffer.from(`${text}\0`, 'utf16le') });
const hex8 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** A `__properties_version1.0` stream: `header` bytes, then 16 bytes per property. */
function propertyStream(header: Buffer, properties: readonly Property[]): Buffer {
  const entries = properties.map(({ tag, value }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt32LE(tag >>> 0, 0);
    entry.writeUInt32LE(0x6, 4); // readable, writable
    if (typeof value === 'number') entry.writeUInt32LE(value >>> 0, 8);
    else entry.writeUInt32LE(value.length, 8);
    return entry;
  });
  return Buffer.concat([header, ...entries]);
}

/** Adds the properties of one object (message, recipient, attachment) under `path`. */
function addObject(add: (path: string, data: Buffer) => void, path: string, header: Buffer, properties: readonly Property[]): void {
  add(`${path}__properties_version1.0`, propertyStream(header, properties));
  for (const { tag, value } of properties) if (typeof value !== 'number') add(`${path}__substg1.0_${hex8(tag)}`, value);
}

function messageProperties(spec: MsgSpec): Property[] {
  const properties: Property[] = [unicode(0x001a, 'IPM.Note')];
  if (spec.subject !== undefined) properties.push(unicode(0x0037, spec.subject));
  if (spec.senderName !== undefined) properties.push(unicode(0x0c1a, spec.senderName));
  if (spec.senderEmail !== undefined) properties.push(unicode(0x0c1f, spec.senderEmail));
  if (spec.body !== undefined) properties.push(unicode(0x1000, spec.body));
  if (spec.body8 !== undefined) properties.push({ tag: (0x1000 << 16) | PT_STRING8, value: Buffer.concat([spec.body8, Buffer.from([0])]) });
  if (spec.html !== undefined) properties.push({ tag: (0x1013 << 16) | PT_BINARY, value: spec.html });
  if (spec.rtf !== undefined) properties.push({ tag: (0x1009 << 16) | PT_BINARY, value: spec.rtf });
  if (spec.codepage !== undefined) properties.push({ tag: (0x3ffd << 16) | PT_LONG, value: spec.codepage });
  return properties;
}

/** Writes the message `spec` under `path` (`/` for the file, a storage for an attached item). */
function addMessage(add: (path: string, data: Buffer) => void, path: string, spec: MsgSpec, top: boolean): void {
  const recipients = spec.recipients ?? [];
  const attachments = spec.attachments ?? [];
  const header = Buffer.alloc(top ? 32 : 24);
  header.writeUInt32LE(recipients.length, 8);
  header.writeUInt32LE(attachments.length, 12);
  header.writeUInt32LE(recipients.length, 16);
  header.writeUInt32LE(attachments.length, 20);
  addObject(add, path, header, messageProperties(spec));
  recipients.forEach((recipient, index) => {
    addObject(add, `${path}__recip_version1.0_#${hex8(index)}/`, Buffer.alloc(8), [
      unicode(0x3001, recipient.name),
      unicode(0x3003, recipient.email),
      unicode(0x39fe, recipient.email),
      { tag: (0x0c15 << 16) | PT_LONG, value: 1 }, // PidTagRecipientType: To
    ]);
  });
  attachments.forEach((attachment, index) => {
    const storage = `${path}__attach_version1.0_#${hex8(index)}/`;
    if ('data' in attachment) {
      addObject(add, storage, Buffer.alloc(8), [
        unicode(0x3707, attachment.name),
        unicode(0x3001, attachment.name),
        { tag: (0x3701 << 16) | PT_BINARY, value: attachment.data },
        { tag: (0x3705 << 16) | PT_LONG, value: 1 }, // ATTACH_BY_VALUE
        ...(attachment.inline === true ? [unicode(0x3712, attachment.name), { tag: (0x7ffe << 16) | PT_BOOLEAN, value: 1 }] : []),
      ]);
    } else {
      addObject(add, storage, Buffer.alloc(8), [unicode(0x3001, attachment.name), { tag: (0x3705 << 16) | PT_LONG, value: 5 }]);
      addMessage(add, `${storage}__substg1.0_${hex8((0x3701 << 16) | PT_OBJECT)}/`, attachment.message, false);
    }
  });
}

/** SheetJS's CFB writer (untyped by the package). */
interface CfbWriter {
  utils: { cfb_new(): unknown; cfb_add(cfb: unknown, path: string, data: Buffer): void };
  write(cfb: unknown, options: { type: 'buffer' }): Uint8Array;
}

/** An OLE compound file holding `streams` (paths below the root, `/`-separated; storages made as needed). */
export async function oleBuffer(streams: readonly (readonly [string, Buffer])[]): Promise<Buffer> {
  const CFB = (await loadSheetJs()).CFB as unknown as CfbWriter;
  const cfb = CFB.utils.cfb_new();
  for (const [path, data] of streams) CFB.utils.cfb_add(cfb, `/${path}`, data);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }));
}

/** An Outlook .msg file of `spec`. */
export async function msgBuffer(spec: MsgSpec): Promise<Buffer> {
  const streams: [string, Buffer][] = [];
  addMessage((path, data) => streams.push([path, data]), '', spec, true);
  return oleBuffer(streams);
}
