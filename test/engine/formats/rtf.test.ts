import { describe, expect, it } from 'vitest';
import { rtfSourceText, rtfText } from '../../../lambdas/engine/formats/rtf.js';

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
