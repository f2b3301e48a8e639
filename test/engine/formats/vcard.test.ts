/**
 * Contacts as vCards (vcard.ts): a phone's export of its contacts. Read as text, names, birthdays,
 * WeChat ids and QQ numbers had no labels the detectors know, and Android's quoted-printable hid
 * every Chinese name and address.
 */
import { describe, expect, it } from 'vitest';
import { quotedPrintable } from '../../../lambdas/engine/formats/vcard.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { utf16Bom, vcardText, type Contact } from '../../../synthetic/files.js';
import { address, chineseName, dateString, mobile, qq, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll } from './read-parts.js';

const rng = new Rng('vcard');
const contacts: Contact[] = Array.from({ length: 8 }, () => ({
  name: chineseName(rng),
  phone: mobile(rng),
  birthday: dateString(rng, { form: 'dashed' }),
  address: address(rng),
  wechat: wechatId(rng, { chosen: true }),
  qq: qq(rng),
}));
const ALL = { cn_name: 8, cn_mobile: 8, date_of_birth: 8, cn_address: 8, wechat_id: 8, qq: 8 };

describe('a phone book as vCards', () => {
  it.each(['2.1', '3.0', '4.0'] as const)('vCard %s: every contact\'s name, phone, birthday, address, WeChat id and QQ number, a name counted once', async (version) => {
    const report = await scanSource(bufferSource('contacts.vcf', vcardText(contacts, version)), 'contacts.vcf');
    expect(report).toMatchObject({ format: 'vcard', counts: ALL });
  });

  it('a property is a cell of the card\'s row under its name in the detectors\' words', async () => {
    const { parts } = await readAll(bufferSource('contacts.vcf', vcardText(contacts.slice(0, 1), '4.0')));
    const cells = parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
    expect(cells).toContainEqual(expect.objectContaining({ sheet: 'contacts', text: contacts[0].name, header: '姓名 FN' }));
    expect(cells).toContainEqual(expect.objectContaining({ text: contacts[0].qq, header: 'QQ IMPP' }));
    expect(cells).toContainEqual(expect.objectContaining({ text: contacts[0].wechat, header: '微信号 IMPP' }));
    expect(cells.find((cell) => cell.header === '备注 NOTE')?.text).toBe('客户备注\n'.repeat(8).trim());
  });

  it('told by BEGIN:VCARD whatever its name, in UTF-16 too (an export saved by Windows)', async () => {
    const report = await scanSource(bufferSource('通讯录.txt', utf16Bom(vcardText(contacts, '3.0'))), '通讯录.txt');
    expect(report).toMatchObject({ format: 'vcard', counts: ALL });
  });

  it.each([
    ['its first line damaged', (text: string) => text.replace('BEGIN:VCARD', 'BEGIN\u0005VCARD')],
    ['lines before its first card', (text: string) => `通讯录导出\n${text}`],
  ])('%s: still read as cards, every other card\'s name found (read as text, they came out unfound)', async (_, change) => {
    const report = await scanSource(bufferSource('contacts.vcf', change(vcardText(contacts, '3.0'))), 'contacts.vcf');
    expect(report.format).toBe('vcard');
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(7);
    expect(report.counts.wechat_id).toBeGreaterThanOrEqual(7);
  });

  it('quoted-printable decoded in the charset named (GBK from older phones), a character cut by a soft break whole', () => {
    expect(quotedPrintable('=D5=C5=CE=B0 13812345678', 'GBK')).toBe('张伟 13812345678');
    expect(quotedPrintable('=E5=BC=A0=E4=BC=9F', undefined)).toBe('张伟');
  });
});
