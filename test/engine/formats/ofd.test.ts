/**
 * OFD documents (ofd.ts): China's fixed-layout format, in which e-invoices are issued. Read as a
 * plain zip, each page was XML with its values apart from their labels (on the template page), the
 * document's custom data were values after `">`, and a signature or a seal made the object
 * `failed`; read here page by page, laid out as a PDF's pages are.
 */
import { describe, expect, it } from 'vitest';
import { resolvePath } from '../../../lambdas/engine/formats/fixed-pages.js';
import { numbers } from '../../../lambdas/engine/formats/ofd.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, ofdBuffer, type OfdText } from '../../../synthetic/files.js';
import { chineseName, dateString, mobile, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, noise, readAll, type FlatPart } from './read-parts.js';

const rng = new Rng('ofd');
const name = chineseName(rng);
const birth = dateString(rng, { form: 'dashed' });
const wechat = wechatId(rng, { chosen: true });
const id = residentId(rng);
const phone = mobile(rng);
const qqNumber = qq(rng);

/** An invoice's template (its labels) and its page (the values beside them). */
const TEMPLATE: OfdText[] = [
  { text: '电子发票（普通发票）', x: 80, y: 15, size: 5 },
  { text: '姓名：', x: 15, y: 30 },
  { text: '出生日期：', x: 15, y: 38 },
  { text: '微信号：', x: 110, y: 30 },
  { text: '身份证号：', x: 110, y: 38 },
];
const VALUES: OfdText[] = [
  { text: name, x: 27, y: 30 },
  { text: birth, x: 35, y: 38 },
  { text: wechat, x: 125, y: 30 },
  { text: id, x: 128, y: 38 },
];

function scan(bytes: Buffer, key = 'invoice.ofd') {
  return scanSource(bufferSource(key, bytes), key);
}

function cellsOf(parts: readonly FlatPart[]): Cell[] {
  return parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
}

describe('an OFD e-invoice', () => {
  it('its values read beside their labels on the template page, its custom data after their names, its seal and signature not read', async () => {
    const bytes = await ofdBuffer([{ texts: VALUES }], { template: TEMPLATE, customData: [['QQ号', qqNumber], ['购买方手机号', phone]], signature: noise(4096) });
    const report = await scan(bytes);
    expect(report.format).toBe('ofd');
    expect(report.error).toBeUndefined();
    expect(report.counts).toEqual({ cn_name: 1, date_of_birth: 1, wechat_id: 1, cn_resident_id: 1, qq: 1, cn_mobile: 1 });
    expect(report.sensitivity).toBe('confidential');
    const { parts } = await readAll(bufferSource('invoice.ofd', bytes));
    expect(parts.find((part) => part.kind === 'text' && part.where.page === 1)).toMatchObject({ text: `电子发票（普通发票）\n姓名： ${name} 微信号： ${wechat}\n出生日期： ${birth} 身份证号：${id}` });
    expect(parts.find((part) => part.kind === 'text' && part.where.entry === 'OFD.xml')).toMatchObject({ text: `电子发票\n2024-01-01\nQQ号：${qqNumber}\n购买方手机号：${phone}` });
  });

  it('its attachments read as members (an invoice\'s XML original)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Invoice><BuyerIdNum>${id}</BuyerIdNum></Invoice>`;
    const bytes = await ofdBuffer([{ texts: [{ text: '见附件', x: 15, y: 30 }] }], { attachments: [{ name: 'original_invoice.xml', data: xml }] });
    const report = await scan(bytes);
    expect(report.counts).toEqual({ cn_resident_id: 1 });
    expect(report.findings.map((finding) => finding.location.entry)).toEqual(['Doc_0/Attachs/original_invoice.xml']);
  });

  it('a customer list in it: cells under its column headers, the same findings as the list as a CSV', async () => {
    const header = ['姓名', '出生日期', '微信号', 'QQ', '护照号码', '手机号', '身份证号'];
    const list = new Rng('ofd-list');
    const rows = Array.from({ length: 12 }, () => [chineseName(list), dateString(list, { form: 'dashed' }), wechatId(list, { chosen: true }), qq(list), passport(list), mobile(list), residentId(list)]);
    const columns = [10, 30, 55, 95, 120, 145, 172];
    const texts = [header, ...rows].flatMap((row, r) => row.map((text, c) => ({ text, x: columns[c], y: 30 + r * 6, size: 3 })));
    const bytes = await ofdBuffer([{ texts }]);
    const report = await scan(bytes, 'list.ofd');
    expect(report.counts).toEqual((await scanSource(bufferSource('list.csv', csvText([header, ...rows])), 'list.csv')).counts);
    expect(cellsOf((await readAll(bufferSource('list.ofd', bytes))).parts)).toContainEqual({ sheet: 'table 1', ref: 'C2', text: rows[0][2], header: '微信号' });
  });

  it('a scan (pages that show an image and no text) is NO_TEXT, never public; a page of text beside it is read', async () => {
    const scanned = await scan(await ofdBuffer([{ image: true }, { image: true }]), 'scan.ofd');
    expect(scanned).toMatchObject({ sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const mixed = await scan(await ofdBuffer([{ texts: [{ text: `身份证号：${id}`, x: 15, y: 30 }] }, { image: true }]), 'mixed.ofd');
    expect(mixed).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 1 }, error: { code: 'NO_TEXT' } });
    expect(mixed.error?.message).toContain('pages 2 show images');
  });

  it('damaged: an OFD.xml that is not XML, a page whose content is missing, each CORRUPT, and what can be read is', async () => {
    const broken = await ofdBuffer([{ texts: VALUES }], { template: TEMPLATE, parts: [{ name: 'OFD.xml', data: '<ofd:OFD><ofd:DocBody' }, { name: 'notes.txt', data: `客户身份证号 ${id}` }] });
    const report = await scan(broken);
    // Its documents unknown, every other file is read as a member: the page's content as XML text.
    expect(report).toMatchObject({ format: 'ofd', error: { code: 'CORRUPT' }, counts: { cn_resident_id: 2 } });
    const pageless = await withoutPart(await ofdBuffer([{ texts: VALUES }, { texts: [{ text: `手机号：${phone}`, x: 15, y: 50 }] }], { template: TEMPLATE }), 'Doc_0/Pages/Page_0/Content.xml');
    const { parts } = await readAll(bufferSource('invoice.ofd', pageless));
    expect(parts.filter((part) => part.kind === 'error')).toMatchObject([{ where: { page: 1 }, code: 'CORRUPT' }]);
    expect(parts.find((part) => part.kind === 'text' && part.where.page === 2)).toMatchObject({ text: expect.stringContaining(`手机号：${phone}`) });
    expect((await scan(pageless)).counts).toEqual({ cn_mobile: 1 });
  });
});

/** `bytes` (a zip) without its member `name`. */
async function withoutPart(bytes: Buffer, name: string): Promise<Buffer> {
  const { zipMembers, zipBuffer } = await import('../../../synthetic/files.js');
  return zipBuffer((await zipMembers(bytes)).filter((member) => member.name !== name));
}

describe('OFD paths and numbers', () => {
  it.each([
    ['Doc_0/Document.xml', 'Pages/Page_0/Content.xml', 'Doc_0/Pages/Page_0/Content.xml'],
    ['Doc_0/Document.xml', '/Doc_0/Tpls/Tpl_0/Content.xml', 'Doc_0/Tpls/Tpl_0/Content.xml'],
    ['Doc_0/Document.xml', './Pages/../Pages/Page_1/Content.xml', 'Doc_0/Pages/Page_1/Content.xml'],
    ['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/Document.xml'],
  ])('%s + %s = %s', (base, loc, expected) => {
    expect(resolvePath(base, loc)).toBe(expected);
  });

  it('expands a DeltaX\'s repeats', () => {
    expect(numbers('g 3 2.5 1 g 2 4')).toEqual([2.5, 2.5, 2.5, 1, 4, 4]);
    expect(numbers(undefined)).toEqual([]);
  });
});

describe('an OFD built to cost', () => {
  it('a page listed a thousand times is read once; a page of more than 200,000 texts reads its first ones, then LIMIT_EXCEEDED', async () => {
    const listed = await ofdBuffer([{ texts: [{ text: `身份证号：${id}`, x: 15, y: 30 }] }]);
    const { zipMembers, zipBuffer } = await import('../../../synthetic/files.js');
    const members = await zipMembers(listed);
    const document = members.find((member) => member.name === 'Doc_0/Document.xml')!;
    const pages = '<ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/>'.repeat(1000);
    const repeated = await zipBuffer(members.map((member) => (member === document ? { ...member, data: String(member.data).replace(/<ofd:Pages>.*<\/ofd:Pages>/, `<ofd:Pages>${pages}</ofd:Pages>`) } : member)));
    expect((await scan(repeated)).counts).toEqual({ cn_resident_id: 1 });
    const many = Array.from({ length: 200_001 }, (_, i) => ({ text: 'x', x: 10 + (i % 50) * 3, y: 10 + Math.floor(i / 50) * 0.1 }));
    const report = await scan(await ofdBuffer([{ texts: [{ text: `身份证号：${id}`, x: 15, y: 5 }, ...many] }]), 'many.ofd');
    expect(report).toMatchObject({ counts: { cn_resident_id: 1 }, error: { code: 'LIMIT_EXCEEDED' } });
  }, 60_000);
});
