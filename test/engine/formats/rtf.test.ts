import { describe, expect, it } from 'vitest';
import { rtfSourceText, rtfText } from '../../../lambdas/engine/formats/rtf.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { docxBuffer } from '../../../synthetic/files.js';
import { address, chineseName, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { scanRevealed } from './backup-fixtures.js';
import { bufferSource } from './read-parts.js';
import { converted } from './writers.js';

describe('rtfSourceText', () => {
  it.each([
    ['plain text, source line breaks dropped', '{\\rtf1\\ansi hello\r\n world}', 'hello world'],
    ['paragraphs, lines and tabs', '{\\rtf1 a\\par b\\line c\\tab d}', 'a\nb\nc\td'],
    ["\\'hh bytes in the \\ansicpg code page: GBK pairs", "{\\rtf1\\ansi\\ansicpg936 \\'d5\\'c5\\'c8\\'fd}", '张三'],
    ["\\'hh bytes in Windows-1252 by default", "{\\rtf1\\ansi caf\\'e9}", 'café'],
    ['\\uN then its fallback character skipped', '{\\rtf1 \\u24352?\\u19977?}', '张三'],
    ['\\uc2: two fallback characters skipped', "{\\rtf1\\uc2 \\u24352\\'d5\\'c5x}", '张x'],
    ['a negative \\uN', '{\\rtf1 \\u-3?}', '\ufffd'],
    ['font, colour and style tables left out', '{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0;}{\\stylesheet{\\s0 Normal;}}text}', 'text'],
    ['ignorable destinations left out', '{\\rtf1{\\*\\htmltag64 <p>}visible}', 'visible'],
    ['escaped braces and backslash', '{\\rtf1 a\\{b\\}c\\\\d}', 'a{b}c\\d'],
    ['other control words dropped with their parameter and space', '{\\rtf1\\b bold\\b0  plain\\fs20 x}', 'bold plainx'],
  ])('%s', (_, rtf, text) => {
    expect(rtfSourceText(rtf)).toBe(text);
  });
});

describe('rtfText', () => {
  it('decompresses PidTagRtfCompressed first (uncompressed form, MELA)', () => {
    const body = Buffer.from("{\\rtf1\\ansi\\ansicpg936 \\'d5\\'c5\\'c8\\'fd\\par 13812345678}", 'latin1');
    const header = Buffer.alloc(16);
    header.writeUInt32LE(body.length + 12, 0);
    header.writeUInt32LE(body.length, 4);
    header.write('MELA', 8, 'latin1');
    expect(rtfText(Buffer.concat([header, body]))).toBe('张三\n13812345678');
  });
});

describe('RTF documents', () => {
  it('a Word document saved as RTF by LibreOffice: the Chinese it escapes is read, name, address and ID found', async () => {
    const rng = new Rng('rtf');
    const people = Array.from({ length: 5 }, () => ({ name: chineseName(rng), home: address(rng), id: residentId(rng) }));
    const docx = await docxBuffer(people.map((p) => `客户姓名：${p.name}，住址：${p.home}，身份证号：${p.id}`));
    const rtf = await converted(docx, 'docx', 'rtf');
    // As text, the names are no text at all: LibreOffice escapes every Chinese character.
    expect(rtf.toString('latin1')).not.toContain(Buffer.from(people[0].name).toString('latin1'));
    const { report, ids } = await scanRevealed(bufferSource('合同.rtf', rtf));
    expect(report).toMatchObject({ format: 'rtf', sensitivity: 'confidential', counts: { cn_name: 5, cn_address: 5, cn_resident_id: 5 } });
    expect(new Set(ids)).toEqual(new Set(people.map((p) => p.id)));
    expect(new Set(report.findings.filter((f) => f.type === 'cn_address').map((f) => f.value))).toEqual(new Set(people.map((p) => p.home)));
  });

  it('a document whose style sheet lost its `}` (all text after it hidden) is CORRUPT after its text, never public; one that closes is not', async () => {
    const rtf = await converted(await docxBuffer([`身份证号：${residentId(new Rng('rtf-open'))}`]), 'docx', 'rtf');
    const source = rtf.toString('latin1');
    const sheet = source.indexOf('{\\stylesheet');
    expect(sheet).toBeGreaterThan(0);
    // The style sheet's closing brace: the one that brings the depth back to where it began.
    let depth = 0;
    let close = sheet;
    for (; close < source.length; close++) {
      if (source[close] === '{') depth++;
      else if (source[close] === '}' && --depth === 0) break;
    }
    const open = Buffer.from(source.slice(0, close) + ' ' + source.slice(close + 1), 'latin1');
    const { report } = await scanRevealed(bufferSource('letter.rtf', open));
    expect(report).toMatchObject({ format: 'rtf', sensitivity: 'failed', counts: {}, error: { code: 'CORRUPT', message: 'rtf ends with 1 group(s) open: text after one may be unread' } });
    expect((await scanRevealed(bufferSource('letter.rtf', rtf))).report).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 1 } });
  });

  it.each([
    ['{\\rtf1 under any name', '{\\rtf1\\ansi x}', 'notes.txt', 'rtf'],
    ['after a BOM and white space', '\ufeff\n {\\rtf1 x}', 'a.doc', 'rtf'],
    ['a text that mentions it later', 'see {\\rtf1 below', 'a.txt', 'text'],
  ])('sniffing: %s', (_, text, name, format) => {
    expect(sniffBytes(Buffer.from(text), name).format).toBe(format);
  });
});
