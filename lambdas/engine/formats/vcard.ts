/**
 * Contacts as vCards (`vcard`: `.vcf`, a phone's or a CRM's export of its contacts, vCard 2.1, 3.0
 * and 4.0), told by `BEGIN:VCARD` at its start. Read as text, a name (`FN:张伟`), a birthday
 * (`BDAY:19900503`) or a WeChat id (`X-WECHAT:…`) has no label the detectors know, and Android's
 * exports write every Chinese name and address in quoted-printable of UTF-8 bytes: a phone book of
 * names and birthdays came out with its phones only.
 *
 * Each property of a card is a spreadsheet cell (`sheet` `contacts`, the card's row, a column per
 * property name) under a header naming it in the detectors' words (`FN` is `姓名 FN`, `BDAY`
 * `出生日期 BDAY`, `X-QQ` `QQ X-QQ`, `IMPP:x-qq:…` `QQ IMPP`): lines folded (a line starting with a
 * space or a tab goes on with the one before) and quoted-printable soft breaks (`=` at a line's
 * end) joined; quoted-printable decoded in the property's `CHARSET` (UTF-8 when none: GBK from
 * older phones too); 3.0's and 4.0's escapes (`\n`, `\,`, `\;`) undone; a name's parts (`N`) and an
 * address's (`ADR`) put together as they are written (a Chinese one without spaces). Photos,
 * logos, sounds and keys are not read (a picture, base64). Lines outside a card, and what is no
 * property, are text. Parsed once, the text held as an HTML page's is (held-text.ts).
 */
import iconv from 'iconv-lite';
import type { Cell, ContentPart } from '../types.js';
import { readPiecesOnce, type Piece } from './held-text.js';
import type { ReadContext } from './limits.js';
import type { Source } from './source.js';
import { cellRef, headerOfName } from './table.js';
import { textLines } from './text.js';

/** Properties whose values are no text: pictures, sounds, keys (base64 or a `data:` URI). */
const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);

/** A property's name in the detectors' words. */
const LABELS: Readonly<Record<string, string>> = {
  FN: '姓名',
  N: '姓名',
  NICKNAME: '昵称',
  TEL: '电话',
  EMAIL: '邮箱',
  ADR: '地址',
  LABEL: '地址',
  BDAY: '出生日期',
  NOTE: '备注',
  ORG: '单位',
  TITLE: '职务',
  ROLE: '职务',
  'X-WECHAT': '微信号',
  'X-WEIXIN': '微信号',
  'X-WX': '微信号',
  'X-QQ': 'QQ',
};

/** IMPP's schemes (`x-qq:12345678`, `weixin:zhang_wei88`) in the detectors' words. */
const IMPP_LABELS: Readonly<Record<string, string>> = { 'x-qq': 'QQ', qq: 'QQ', weixin: '微信号', wechat: '微信号', 'x-wechat': '微信号', wx: '微信号' };

/** Longest logical line held before it is handed on as text (a property that never ends). */
const MAX_LINE_CHARS = 1024 * 1024;

/** Reads a vCard file (the module doc). */
export function readVcard(source: Source, head: Uint8Array, ctx: ReadContext): AsyncGenerator<ContentPart> {
  return readPiecesOnce('vcard', source, head, ctx, pieces);
}

/** One pass: logical lines, each a property of a card (a cell) or text. */
async function* pieces(chunks: AsyncIterable<string>): AsyncGenerator<Piece[]> {
  const reader = new CardReader();
  for await (const lines of textLines(chunks, MAX_LINE_CHARS)) {
    const out: Piece[] = [];
    for (const { line } of lines) reader.line(line.replace(/\r$/, ''), out);
    if (out.length > 0) yield out;
  }
  const out: Piece[] = [];
  reader.end(out);
  reader.flush(out);
  if (out.length > 0) yield out;
}

/** Most properties of one card held before they are handed on (a card that never ends). */
const MAX_CARD_CELLS = 10_000;

class CardReader {
  /** The logical line so far (folded lines joined). */
  private logical: string | undefined;
  private card = 0;
  private inCard = false;
  private readonly columns = new Map<string, number>();
  /** The card's cells, handed on at its end: its name (N) is left out when its formatted name (FN) says the same. */
  private cells: { name: string; cell: Cell }[] = [];

  line(line: string, out: Piece[]): void {
    const logical = this.logical;
    if (logical !== undefined && logical.length < MAX_LINE_CHARS) {
      // Folded (RFC 6350: a space or a tab starts the line's rest), or a quoted-printable soft break.
      if ((line.startsWith(' ') || line.startsWith('\t')) && this.inCard) {
        this.logical = logical + line.slice(1);
        return;
      }
      if (logical.endsWith('=') && /QUOTED-PRINTABLE/i.test(logical.slice(0, logical.indexOf(':') + 1))) {
        this.logical = logical.slice(0, -1) + line;
        return;
      }
    }
    this.end(out);
    this.logical = line;
  }

  /** Hands on the logical line held. */
  end(out: Piece[]): void {
    if (this.logical === undefined) return;
    const line = this.logical;
    this.logical = undefined;
    const property = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/s.exec(line);
    const name = property?.[1].toUpperCase();
    if (name === 'BEGIN' && property![3].trim().toUpperCase() === 'VCARD') {
      this.flush(out);
      this.card += 1;
      this.inCard = true;
      return;
    }
    if (name === 'END' && property![3].trim().toUpperCase() === 'VCARD') {
      this.flush(out);
      this.inCard = false;
      return;
    }
    if (!this.inCard || property === null || name === undefined) {
      out.push({ text: `${line}\n` });
      return;
    }
    if (BINARY.has(name) || name === 'VERSION') return;
    const cell = this.cell(name, property[2], property[3]);
    if (cell !== undefined) this.cells.push({ name, cell });
    if (this.cells.length >= MAX_CARD_CELLS) this.flush(out);
  }

  /** Hands on the card's cells held, its N left out when an FN says the same (one name, counted once). */
  flush(out: Piece[]): void {
    const plain = (text: string) => text.replace(/\s+/g, '');
    const formatted = new Set(this.cells.filter(({ name }) => name === 'FN').map(({ cell }) => plain(cell.text)));
    for (const { name, cell } of this.cells) if (!(name === 'N' && formatted.has(plain(cell.text)))) out.push({ cell });
    this.cells = [];
  }

  private cell(name: string, rawParams: string, rawValue: string): Cell | undefined {
    const params = rawParams.split(';').slice(1);
    const quoted = params.some((param) => /^(?:ENCODING=)?QUOTED-PRINTABLE$/i.test(param.trim()));
    const charset = params.find((param) => /^CHARSET=/i.test(param))?.slice('CHARSET='.length).replace(/"/g, '');
    const value = quoted ? quotedPrintable(rawValue, charset) : rawValue;
    let text = fieldsOf(name, value);
    let label = LABELS[name];
    if (name === 'IMPP') {
      const scheme = /^([A-Za-z0-9-]+):/.exec(text);
      if (scheme !== null) {
        label = IMPP_LABELS[scheme[1].toLowerCase()];
        text = text.slice(scheme[0].length);
      }
    }
    if (text.trim() === '') return undefined;
    if (!this.columns.has(name)) this.columns.set(name, this.columns.size);
    const header = label === undefined ? headerOfName(name.replace(/^X-/, '').toLowerCase()) : `${label} ${name}`;
    return { sheet: 'contacts', ref: cellRef(this.columns.get(name)!, this.card), text, header };
  }
}

/** Quoted-printable bytes (`=E5=BC=A0`) decoded in `charset` (UTF-8 when none or unknown): a character's bytes are one run of escapes. */
export function quotedPrintable(value: string, charset: string | undefined): string {
  const encoding = charset !== undefined && iconv.encodingExists(charset) ? charset : 'utf-8';
  return value.replace(/(?:=[0-9A-Fa-f]{2})+/g, (run) => iconv.decode(Buffer.from(run.replace(/=/g, ''), 'hex'), encoding));
}

/** A value's text: its components put together as written (`N`, `ADR`), its escapes undone. */
function fieldsOf(name: string, value: string): string {
  const parts = value.split(/(?<!\\);/).map(unescaped);
  const han = (text: string) => /\p{Script=Han}/u.test(text);
  if (name === 'N') {
    const [family = '', given = ''] = parts;
    return han(family + given) ? family + given : `${given} ${family}`.trim();
  }
  if (name === 'ADR') {
    const [pobox = '', extended = '', street = '', locality = '', region = '', code = '', country = ''] = parts;
    return parts.some(han) ? [region, locality, street, extended].join('') : [street, extended, locality, region, code, country, pobox].filter((part) => part !== '').join(', ');
  }
  return parts.join(' ').trim();
}

function unescaped(text: string): string {
  return text.replace(/\\([nN,;\\:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
