/**
 * Mail readers (postal-mime): `.eml` messages and `.mbox` mailboxes. A message gives one TextPart
 * (its decoded headers: RFC 2047 words in any charset, then its body: base64 or quoted-printable
 * in any charset, the plain-text alternative); an HTML body with a table, or without a plain
 * alternative, is read instead as an HTML page, a member `body.html` (its cells under their
 * headers, its other text as html.ts gives it).
 * Each attachment is read like an object of its own, recursively (a zip attachment is opened, a
 * forwarded message is read as a message), with `where.entry` = its file name
 * (`message-3/客户.csv` in a mailbox).
 *
 * | Condition                                     | Result                                      |
 * |-----------------------------------------------|---------------------------------------------|
 * | message larger than `maxBufferedBytes`        | LIMIT_EXCEEDED (eml: the object; mbox: that message, then the next) |
 * | MIME nesting or part count past postal-mime's limits | CORRUPT                              |
 * | attachment that fails                         | ErrorPart for it, the others are read       |
 * | inline picture (a signature's logo) of a message with 100 characters of text or more | not read, as a picture in a document with text |
 * | nesting deeper than `maxDepth`                | LIMIT_EXCEEDED for the attachments of that message |
 */
import PostalMime, { decodeWords } from 'postal-mime';
import { ScanError } from '../errors.js';
import type { ContentPart, TextPart } from '../types.js';
import { sourceBuffer, sourceBytes, toScanError } from './bytes.js';
import { hkscsFromPrivateUse } from './charset.js';
import { checkDepth, memberContext, whereOf, type ReadContext } from './limits.js';
import { type FoundFile, filesIn, readFound } from './embedded.js';
import { PICTURE_DOCUMENT_MAX_CHARS, mediaKind, textChars } from './media.js';
import { errorPart, memoryMember, readMember } from './members.js';
import { htmlWithTables } from './sniff.js';
import { listedMembers, type Source } from './source.js';
import { stringChunks } from './text.js';

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Address = NonNullable<Email['from']>;

/** MIME nesting a message may have (postal-mime allows 256; real mail has a handful). */
const MAX_MIME_NESTING = 32;

function addressText(address: Address): string {
  const mailboxes = address.group === undefined ? [address] : address.group;
  const list = mailboxes.map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.address}>` : mailbox.address)).join(', ');
  return address.group === undefined ? list : `${address.name}: ${list}`;
}

/** Headers headerText gives as a person reads them (addresses decoded), the others as written. */
const READ_HEADERS = new Set(['from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'delivered-to', 'return-path', 'subject']);
/**
 * Headers left out: message identifiers (`<…@host>`, which read as e-mail addresses and are none),
 * the MIME structure, and signatures (base64 of nothing personal).
 */
const UNREAD_HEADERS = new Set([
  'message-id', 'in-reply-to', 'references', 'resent-message-id', 'content-id', 'content-type', 'content-transfer-encoding',
  'content-disposition', 'mime-version', 'dkim-signature', 'domainkey-signature', 'arc-seal', 'arc-message-signature', 'x-google-dkim-signature',
]);

/**
 * The decoded headers a person reads, one per line, then the others but UNREAD_HEADERS (`X-` headers
 * a CRM fills with a customer's ID or phone, `Received` with the client's IP), encoded words decoded.
 * A text whose first lines look like headers, with no blank line after them, is all headers: the
 * lines of such a customer list, dropped, came out public (found by fuzzing).
 */
function headerText(email: Email): string {
  const lines: string[] = [];
  const add = (label: string, addresses: readonly Address[] | undefined): void => {
    if (addresses !== undefined && addresses.length > 0) lines.push(`${label}: ${addresses.map(addressText).join(', ')}`);
  };
  add('From', email.from === undefined ? undefined : [email.from]);
  add('Sender', email.sender === undefined ? undefined : [email.sender]);
  add('Reply-To', email.replyTo);
  add('To', email.to);
  add('Cc', email.cc);
  add('Bcc', email.bcc);
  if (email.deliveredTo) lines.push(`Delivered-To: ${email.deliveredTo}`);
  if (email.returnPath) lines.push(`Return-Path: ${email.returnPath}`);
  if (email.subject) lines.push(`Subject: ${email.subject}`);
  for (const header of email.headers) {
    if (!READ_HEADERS.has(header.key) && !UNREAD_HEADERS.has(header.key)) lines.push(`${header.originalKey}: ${decodeWords(header.value)}`);
  }
  return lines.join('\n');
}

const ENTITIES: Readonly<Record<string, string>> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Text of an HTML body as a browser shows it: scripts and styles dropped, white space one space,
 * a line per block, other tags one space however many (`<span>微信号：</span>\n<span>…</span>` is
 * a label and its value), common entities decoded.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6])\s*>/gi, '\n')
    .replace(/ *(?:<[^>]*> *)+/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
      if (body[0] !== '#') return ENTITIES[body.toLowerCase()] ?? entity;
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}

/**
 * Files in a message's bodies as base64 (embedded.ts): a photo pasted into a web mail as a `data:`
 * URI (layout, as an inline picture, when the body has text), a payload forwarded as text. Not the
 * HTML's when it is read as a page (`htmlRead`: html.ts reads its files).
 */
function bodyFiles(email: Email, ctx: ReadContext, htmlRead: boolean): FoundFile[] {
  const limit = ctx.budget.limits.maxBufferedBytes;
  return [...(htmlRead ? [] : filesIn(email.html ?? '', 'body.html/', limit)), ...filesIn(email.text ?? '', 'body.txt/', limit)];
}

/** The member an HTML body with tables is read as. */
const HTML_BODY = 'body.html';

/** A message that names Big5 (any spelling) as a charset. */
function declaresBig5(raw: Buffer): boolean {
  return raw.includes('big5') || raw.includes('BIG5') || raw.includes('Big5');
}

/**
 * `raw` with Python's label `big5hkscs` (and `big5_hkscs`) written `big5-hkscs`, a label
 * postal-mime knows: it decodes a label it does not know as windows-1252, every Chinese character
 * lost. Only the label's ASCII changes.
 */
function withBig5Labels(raw: Buffer): Buffer {
  if (!raw.includes('hkscs') && !raw.includes('HKSCS')) return raw;
  return Buffer.from(raw.toString('latin1').replace(/big5_?hkscs/gi, 'big5-hkscs'), 'latin1');
}

/**
 * The parts of one message: its text, the files in its bodies, then its attachments as members.
 * Postal-mime decodes Big5 with node's own decoder, which gives Hong Kong's characters (HKSCS) as
 * private-use code points: they are mapped back (charset.ts `hkscsFromPrivateUse`).
 */
export async function* messageParts(raw: Buffer, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  let email: Email;
  const big5 = declaresBig5(raw);
  try {
    email = await PostalMime.parse(big5 ? withBig5Labels(raw) : raw, {
      attachmentEncoding: 'arraybuffer',
      forceRfc822Attachments: true,
      maxNestingDepth: MAX_MIME_NESTING,
      maxPartCount: listedMembers(ctx.budget.limits),
    });
  } catch (error) {
    throw toScanError(error, 'CORRUPT', 'mail message could not be parsed');
  }
  // An HTML body with a table (a customer list pasted into a message) is read as an HTML page
  // (html.ts: its cells under their headers), not as its text or its plain alternative (a cell a
  // line or cells run together by tabs, without headers: a list of names and birth dates came out
  // unfound); so is one without a plain alternative (its labels and values in elements of their
  // own, `<span>微信号：</span><span>…</span>` or `<dt>`/`<dd>`: without its tags, spaces apart,
  // its WeChat ids were unfound).
  const tables = email.html !== undefined && (email.text === undefined || htmlWithTables(Buffer.from(email.html, 'utf8')));
  const body = tables ? '' : (email.text ?? (email.html === undefined ? '' : htmlText(email.html)));
  const text = `${headerText(email)}\n\n${body}`;
  const part: TextPart = { kind: 'text', where: whereOf(ctx), chunks: stringChunks(big5 ? hkscsFromPrivateUse(text) : text) };
  yield part;
  const textual = textChars(tables ? htmlText(email.html!) : body) >= PICTURE_DOCUMENT_MAX_CHARS;
  if (tables) {
    const html = big5 ? hkscsFromPrivateUse(email.html!) : email.html!;
    const inner = memberContext(ctx, HTML_BODY);
    yield* readMember(() => ctx.open(memoryMember(HTML_BODY, Buffer.from(html, 'utf8'), ctx.budget, 'message body'), inner), { entry: inner.entry }, ctx.budget);
  }
  yield* readFound(bodyFiles(email, ctx, tables), ctx);
  for (const [index, attachment] of email.attachments.entries()) {
    ctx.budget.countEntry();
    const name = attachment.filename ?? `attachment-${index + 1}`;
    const inner = memberContext(ctx, name);
    const content = attachment.content;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'base64') : new Uint8Array(content as ArrayBuffer);
    // A picture shown inside a message with text (a signature's logo) is part of its layout, as
    // a photo in a long document is (pictures.ts); a picture attached to it is read as a file.
    const inline = attachment.related === true || attachment.disposition === 'inline';
    if (inline && textual && mediaKind(bytes)?.format === 'image') continue;
    const member = memoryMember(name, bytes, ctx.budget, `attachment ${index + 1}`);
    yield* readMember(() => ctx.open(member, inner), { entry: inner.entry }, ctx.budget);
  }
}

/** Reads an `.eml` message (held in memory, at most `maxBufferedBytes`). */
export async function* readEml(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  const raw = await sourceBuffer(source, ctx.budget.limits.maxBufferedBytes);
  yield* messageParts(raw, ctx);
}

const SEPARATOR = Buffer.from('\nFrom ', 'latin1');

/**
 * A message of an mbox without its `From ` line, with mboxrd quoting undone (`>From ` at the
 * start of a body line becomes `From `; mboxo's single `>` is undone the same way).
 */
function unquote(message: Buffer): Buffer {
  const newline = message.indexOf(0x0a);
  const body = newline === -1 ? Buffer.alloc(0) : message.subarray(newline + 1);
  return Buffer.from(body.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/**
 * The messages of an mbox, split at its `From ` lines as its bytes arrive: the chunks of a message
 * are kept as they come and joined once, at its end (joining them at every chunk copied a message
 * of 40 MB thousands of times). A message over `max` bytes is given as `undefined`, in its
 * place, and not held: once more than `max` bytes of it have come, the rest is skipped to the next
 * `From ` line.
 */
export async function* mboxMessages(chunks: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer | undefined> {
  const tailLength = SEPARATOR.length - 1;
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  for await (let chunk of chunks) {
    for (;;) {
      // A separator may start in the bytes already kept: search from their last few.
      // Positions below count from the kept tail's start: a separator across the edge is looked for
      // in the tail and the chunk's first bytes only, so the chunk itself is not copied.
      const tail = Math.min(tailLength, size);
      const edge = tail === 0 ? chunk.subarray(0, 0) : Buffer.concat([lastBytes(parts, tail), chunk.subarray(0, tailLength)]);
      // A message's own `From ` line is at its start, not a separator: search after it.
      const from = !skipping && tail === size ? 1 : 0;
      let at = edge.indexOf(SEPARATOR, from);
      if (at === -1) {
        const inChunk = chunk.indexOf(SEPARATOR, Math.max(0, from - tail));
        at = inChunk === -1 ? -1 : tail + inChunk;
      }
      if (at === -1) break;
      const cut = at + 1 - tail; // where the next message starts in `chunk` (>= 0: the separator's newline may be kept already)
      if (skipping) skipping = false;
      else if (size + cut > max) yield undefined;
      else yield cut >= 0 ? Buffer.concat([...parts, chunk.subarray(0, cut)], size + cut) : Buffer.concat(parts, size + cut);
      parts = [];
      size = 0;
      if (cut < 0) {
        // The next message's `From ` began in the kept tail: carry those bytes.
        chunk = Buffer.concat([edge.subarray(at + 1, tail), chunk]);
      } else chunk = chunk.subarray(cut);
    }
    if (skipping) {
      // Keep only what may start the next separator.
      parts = [lastBytes([...parts, chunk], Math.min(tailLength, size + chunk.length))];
      size = parts[0].length;
      continue;
    }
    parts.push(chunk);
    size += chunk.length;
    // The last bytes may be a separator's start, `From` of the next message after its newline.
    if (size - (SEPARATOR.length - 2) > max) {
      yield undefined;
      skipping = true;
      parts = [lastBytes(parts, Math.min(tailLength, size))];
      size = parts[0].length;
    }
  }
  if (!skipping && size > 0) yield size > max ? undefined : Buffer.concat(parts, size);
}

/** The last `n` bytes of `parts` (n at most their total length), copied. */
function lastBytes(parts: readonly Buffer[], n: number): Buffer {
  const out = Buffer.alloc(n);
  let end = n;
  for (let i = parts.length - 1; i >= 0 && end > 0; i--) {
    const part = parts[i];
    const take = Math.min(end, part.length);
    part.copy(out, end - take, part.length - take);
    end -= take;
  }
  return out;
}

/**
 * Reads an mbox mailbox message by message (`From ` lines separate them), streaming: one message
 * is held at a time.
 */
export async function* readMbox(source: Source, ctx: ReadContext): AsyncGenerator<ContentPart> {
  checkDepth(ctx);
  const max = ctx.budget.limits.maxBufferedBytes;
  let count = 0;
  for await (const message of mboxMessages(sourceBytes(source), max)) {
    count += 1;
    ctx.budget.countEntry();
    const inner = memberContext(ctx, `message-${count}`);
    if (message === undefined) {
      yield errorPart({ entry: inner.entry }, new ScanError('LIMIT_EXCEEDED', `mbox message ${count} is larger than ${max} bytes (maxBufferedBytes)`));
      continue;
    }
    yield* readMember(async () => ({ format: 'eml', parts: messageParts(unquote(message), inner) }), { entry: inner.entry }, ctx.budget);
  }
}
