import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { msgReaderClass } from '../../../lambdas/engine/formats/msg.js';
import { encodeGbk, xlsxBuffer, zipBuffer } from '../../../synthetic/files.js';
import { address, chineseName, mobile, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { scanRevealed } from './backup-fixtures.js';
import { msgBuffer, oleBuffer } from './msg-writer.js';
import { bufferSource, readAll } from './read-parts.js';

const rng = new Rng('msg');
const name = chineseName(rng);
const home = address(rng);
const id = residentId(rng);
const phone = mobile(rng);

/** PidTagRtfCompressed holding `rtf` uncompressed ("MELA", [MS-OXRTFCP] 2.1.3.1). */
function rtfCompressed(rtf: string): Buffer {
  const body = Buffer.from(rtf, 'latin1');
  const header = Buffer.alloc(16);
  header.writeUInt32LE(body.length + 12, 0);
  header.writeUInt32LE(body.length, 4);
  header.write('MELA', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** `text` as RTF \'hh escapes of its GBK bytes, as Word writes Chinese in an \ansicpg936 document. */
function rtfGbk(text: string): string {
  return [...encodeGbk(text)].map((byte) => (byte < 0x80 ? String.fromCharCode(byte) : `\\'${byte.toString(16)}`)).join('');
}

describe('the fixtures', () => {
  it('are read by msgreader, a reader independent of the writer, as written', async () => {
    const msg = await msgBuffer({
      subject: '名单',
      body: `客户姓名：${name}`,
      senderName: '财务部',
      senderEmail: 'finance@example.com',
      codepage: 936,
      recipients: [{ name: '档案室', email: 'archive@example.com' }],
      attachments: [
        { name: 'a.txt', data: Buffer.from('hello') },
        { name: '转发', message: { subject: '内层', body: 'inner' } },
      ],
    });
    const Reader = await msgReaderClass();
    const reader = new Reader(new DataView(msg.buffer, msg.byteOffset, msg.byteLength));
    const item = reader.getFileData();
    expect(item).toMatchObject({ subject: '名单', body: `客户姓名：${name}`, senderName: '财务部', senderEmail: 'finance@example.com', messageCodepage: 936 });
    expect(item.recipients).toMatchObject([{ name: '档案室', email: 'archive@example.com' }]);
    expect(item.attachments).toMatchObject([{ fileName: 'a.txt', contentLength: 5 }, { innerMsgContent: true, name: '转发' }]);
    expect(Buffer.from(reader.getAttachment(item.attachments![0]).content).toString()).toBe('hello');
    expect(item.attachments![1].innerMsgContentFields).toMatchObject({ subject: '内层', body: 'inner' });
  });
});

describe('Outlook items (.msg)', () => {
  it('reads a body in Chinese with no ASCII in it: a name under its label', async () => {
    const msg = await msgBuffer({ subject: '客户资料', body: `客户姓名：${name}。联系方式另行提供。` });
    const { report } = await scanRevealed(bufferSource('mail/客户资料.msg', msg));
    expect(report).toMatchObject({ format: 'msg', sensitivity: 'sensitive', counts: { cn_name: 1 } });
    expect(report.findings[0]).toMatchObject({ type: 'cn_name', value: name });
  });

  it('reads the sender and recipients, and every attachment as a member, recursively: a workbook, a zip, an attached message', async () => {
    const msg = await msgBuffer({
      subject: '名单',
      body: '见附件。',
      senderName: '财务部',
      senderEmail: 'finance@example.com',
      recipients: [{ name: '档案室', email: 'archive@example.com' }],
      attachments: [
        { name: '客户.xlsx', data: await xlsxBuffer([{ name: '客户', rows: [['手机号'], [phone]] }]) },
        { name: 'kyc.zip', data: await zipBuffer([{ name: 'id.txt', data: `身份证号 ${id}\n` }]) },
        { name: '转发：核验', message: { subject: '核验', body: `客户 ${name}，手机 ${mobile(rng)}` } },
      ],
    });
    const { report } = await scanRevealed(bufferSource('fwd.msg', msg));
    expect(report).toMatchObject({ format: 'msg', sensitivity: 'confidential' });
    expect(report.counts).toMatchObject({ email: 3, cn_mobile: 2, cn_resident_id: 1 });
    const entries = new Set(report.findings.map((f) => f.location.entry));
    expect(entries).toEqual(new Set([undefined, '客户.xlsx', 'kyc.zip/id.txt', '转发：核验.msg']));
  });

  it.each<[string, { body8: Buffer; codepage?: number }]>([
    ['in the code page it names (936)', { body8: encodeGbk(`身份证号码：${id}，户名：${name}，住址：${home}`), codepage: 936 }],
    ['with no code page: GB18030 told by the bytes', { body8: encodeGbk(`身份证号码：${id}，户名：${name}，住址：${home}`) }],
    ['in UTF-8 (65001)', { body8: Buffer.from(`身份证号码：${id}，户名：${name}，住址：${home}`), codepage: 65001 }],
  ])('reads an 8-bit (PT_STRING8) body %s', async (_, body) => {
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer({ subject: 'x', ...body })));
    expect(report.counts).toMatchObject({ cn_resident_id: 1, cn_address: 1 });
    expect(report.findings.find((f) => f.type === 'cn_address')?.value).toBe(home);
  });

  it('reads the HTML body when there is no plain one, without its tags', async () => {
    const html = Buffer.from(`<html><body><p>客户：<b>${name}</b></p><p>住址：${home}</p><p>手机：<span>${phone}</span></p></body></html>`);
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer({ subject: 'x', html })));
    expect(report.counts).toMatchObject({ cn_address: 1, cn_mobile: 1 });
  });

  it('reads the RTF body when it is the only one: GBK escapes, \\u characters, tables skipped', async () => {
    const rtf = `{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0 \\'cb\\'ce\\'cc\\'e5;}}\\f0 ${rtfGbk('住址：')}${rtfGbk(home)}\\par ${rtfGbk('手机')} \\u21495?${phone}\\par}`;
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer({ subject: 'x', rtf: rtfCompressed(rtf) })));
    expect(report.counts).toMatchObject({ cn_address: 1, cn_mobile: 1 });
    expect(report.findings.find((f) => f.type === 'cn_address')?.value).toBe(home);
  });

  it('a message without personal data is public, its text read', async () => {
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer({ subject: '会议通知', body: '周五下午三点开会。' })));
    expect(report).toMatchObject({ format: 'msg', sensitivity: 'public', counts: {} });
    expect(report.error).toBeUndefined();
  });

  it('an attachment that cannot be read fails that member, after the message text: never public', async () => {
    const broken = (await zipBuffer([{ name: 'a.txt', data: 'x'.repeat(100) }])).subarray(0, 40);
    const { parts } = await readAll(bufferSource('a.msg', await msgBuffer({ subject: 'x', body: `手机 ${phone}`, attachments: [{ name: 'b.zip', data: broken }] })));
    expect(parts).toMatchObject([{ kind: 'text' }, { kind: 'error', where: { entry: 'b.zip' } }]);
  });

  // Damage msgreader reads as nothing wrong (found by fuzzing): the attachment taken for one by
  // reference, the text read one byte off. Each came out without its IDs, or public.
  it('an attachment stored in the item whose data stream is gone is CORRUPT, after the rest', async () => {
    const msg = await msgBuffer({ subject: '客户', body: '见附件', attachments: [{ name: 'list.csv', data: Buffer.from(`身份证号\n${id}\n`) }] });
    expect((await scanRevealed(bufferSource('a.msg', msg))).report).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 1 } });
    const name = Buffer.from('__substg1.0_37010102', 'utf16le');
    let entry = msg.indexOf(name);
    while (entry >= 0 && entry % 128 !== 0) entry = msg.indexOf(name, entry + 1);
    const renamed = Buffer.from(msg);
    renamed.write('2', entry + 24, 'utf16le'); // __substg1.0_27010102
    const { report } = await scanRevealed(bufferSource('a.msg', renamed));
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT', message: 'outlook item has 1 attachment(s) stored in it whose data is missing' } });
  });

  it('an item whose mini stream is read one byte off (its text as ASCII in the high byte) is CORRUPT, never public', async () => {
    const msg = await msgBuffer({ subject: '客户', body: `身份证号 ${id} 手机 ${phone}` });
    // The mini stream starts at the root entry's start sector; a byte deleted there shifts it.
    const root = 512 + msg.readUInt32LE(0x30) * 512;
    const at = 512 + msg.readUInt32LE(root + 116) * 512;
    const shifted = Buffer.concat([msg.subarray(0, at), msg.subarray(at + 1), Buffer.alloc(1)]);
    const { report } = await scanRevealed(bufferSource('a.msg', shifted));
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT', message: 'outlook item text reads as ASCII shifted into the high byte: its streams are damaged' } });
  });

  it('an OLE file with streams of another kind is still read by the strings pass', async () => {
    const { format } = await readAll(bufferSource('deck.ppt', await oleBuffer([['PowerPoint Document', Buffer.from('hello world, in a slide')]])));
    expect(format).toBe('binary');
  });

  it('text in UTF-16 is decoded as such, whatever the code page says', async () => {
    const { report } = await scanRevealed(bufferSource('a.msg', await msgBuffer({ subject: iconv.decode(encodeGbk('客户'), 'gbk'), body: `户名 ${name} 住址 ${home}`, codepage: 1252 })));
    expect(report.counts).toMatchObject({ cn_address: 1 });
  });
});
