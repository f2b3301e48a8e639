/**
 * The other parts of XLSX, DOCX and PPTX packages (package-parts.ts): a customer's data that is
 * only in a comment, a header, a footnote, a pivot table's cache or the document's properties is
 * read; parts of no one's data are not.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { docxBuffer, withParts, xlsxBuffer } from '../../../synthetic/files.js';
import { mobile, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList } from './backup-fixtures.js';
import { bufferSource, readAll } from './read-parts.js';
import { converted, written } from './writers.js';

const rng = new Rng('package-parts');
const id = residentId(rng);
const phone = mobile(rng);
const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
const publicSheet = () => xlsxBuffer([{ name: '产品', rows: [['产品', '价格'], ['茶杯', 12]] }]);
const scan = (name: string, data: Buffer) => scanSource(bufferSource(name, data), name);

/** A pivot cache of a labelled list whose source sheet was deleted: field names, then each field's items. */
function pivotCache(list: readonly (readonly string[])[]): { definition: Buffer; records: Buffer } {
  const [header, ...rows] = list;
  const fields = header.map((name, column) => `<cacheField name="${name}" numFmtId="0"><sharedItems count="${rows.length}">${rows.map((row) => `<s v="${row[column]}"/>`).join('')}</sharedItems></cacheField>`);
  return {
    definition: xml(`<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" recordCount="${rows.length}"><cacheSource type="worksheet"><worksheetSource ref="A1:E${rows.length + 1}" sheet="客户"/></cacheSource><cacheFields count="${header.length}">${fields.join('')}</cacheFields></pivotCacheDefinition>`),
    records: xml(`<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${rows.length}">${rows.map((_, r) => `<r>${header.map(() => `<x v="${r}"/>`).join('')}</r>`).join('')}</pivotCacheRecords>`),
  };
}

describe('an XLSX whose customer data is outside its sheets', () => {
  it.each<[string, () => { name: string; data: Buffer }[]]>([
    ['a cell comment', () => [{ name: 'xl/comments1.xml', data: xml(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>客服</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>客户身份证 ${id}，手机 ${phone}</t></r></text></comment></commentList></comments>`) }]],
    ['a threaded comment', () => [{ name: 'xl/threadedComments/threadedComment1.xml', data: xml(`<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A1" id="{1}"><text>身份证 ${id}</text></threadedComment></ThreadedComments>`) }]],
    ['a text box of a drawing', () => [{ name: 'xl/drawings/drawing1.xml', data: xml(`<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:sp><xdr:txBody><a:p><a:r><a:t>联系人身份证 ${id}</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>`) }]],
    ['a chart\'s cached labels', () => [{ name: 'xl/charts/chart1.xml', data: xml(`<c:chartSpace xmlns:c="c"><c:strCache><c:pt idx="0"><c:v>${id}</c:v></c:pt></c:strCache></c:chartSpace>`) }]],
    ['a custom document property', () => [{ name: 'docProps/custom.xml', data: xml(`<Properties xmlns:vt="vt"><property name="客户身份证"><vt:lpwstr>${id}</vt:lpwstr></property></Properties>`) }]],
  ])('%s: read', async (_, parts) => {
    const report = await scan('products.xlsx', await withParts(await publicSheet(), parts()));
    expect(report.counts.cn_resident_id).toBe(1);
    expect(report.sensitivity).toBe('confidential');
  });

  it('a pivot table\'s cache of a deleted customer sheet: its field names and items read', async () => {
    const list = labelledList(new Rng('pivot'), 20);
    const { definition, records } = pivotCache(list);
    const report = await scan('report.xlsx', await withParts(await publicSheet(), [
      { name: 'xl/pivotCache/pivotCacheDefinition1.xml', data: definition },
      { name: 'xl/pivotCache/pivotCacheRecords1.xml', data: records },
    ]));
    // Every field's items under its name, as the list's own sheet would read.
    const sheet = await scan('list.xlsx', await xlsxBuffer([{ name: '客户', rows: list }]));
    expect(sheet.counts.cn_passport).toBe(20);
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: sheet.counts });
  });

  it('a pivot cache whose records hold the values themselves: under their field\'s name', async () => {
    const list = labelledList(new Rng('pivot-records'), 20);
    const [header, ...rows] = list;
    const definition = xml(`<pivotCacheDefinition><cacheFields>${header.map((name) => `<cacheField name="${name}"><sharedItems/></cacheField>`).join('')}</cacheFields></pivotCacheDefinition>`);
    const records = xml(`<pivotCacheRecords>${rows.map((row) => `<r>${row.map((value) => `<s v="${value}"/>`).join('')}</r>`).join('')}</pivotCacheRecords>`);
    const report = await scan('report.xlsx', await withParts(await publicSheet(), [
      { name: 'xl/pivotCache/pivotCacheDefinition1.xml', data: definition },
      { name: 'xl/pivotCache/pivotCacheRecords1.xml', data: records },
    ]));
    const sheet = await scan('list.xlsx', await xlsxBuffer([{ name: '客户', rows: list }]));
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: sheet.counts });
  });

  it('a part that is not well-formed XML: read as it is, the workbook not failed for it', async () => {
    const report = await scan('products.xlsx', await withParts(await publicSheet(), [{ name: 'customXml/item1.xml', data: Buffer.from(`<data><id>${id}</id><unclosed>`) }]));
    // What was read of it before the fault, then the whole part as it is: the ID counted twice.
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 2 } });
    expect(report.error).toBeUndefined();
  });

  it('gives each part as a text of its own, named by the part', async () => {
    const { parts } = await readAll(bufferSource('products.xlsx', await withParts(await publicSheet(), [{ name: 'xl/comments1.xml', data: xml(`<comments><commentList><comment><text><t>${phone}</t></text></comment></commentList></comments>`) }])));
    const texts = parts.filter((part) => part.kind === 'text');
    expect(texts.find((part) => part.kind === 'text' && part.text.includes(phone))?.where).toMatchObject({ entry: 'xl/comments1.xml' });
    // The sheet's own parts are read once, as cells: no text holds the sheet's values again.
    expect(texts.some((part) => part.kind === 'text' && part.text.includes('茶杯'))).toBe(false);
    // Styles, themes and relationships are not read.
    expect(texts.map((part) => part.where.entry)).not.toContain('xl/styles.xml');
  });
});

describe('an Excel 97-2003 workbook (.xls) with a comment', () => {
  it('the comment is read at its cell (LibreOffice\'s Excel 97 export of a workbook whose only customer data is a comment)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('产品');
    sheet.addRow(['产品', '价格']);
    sheet.addRow(['茶杯', 12]);
    sheet.getCell('A2').note = `客户身份证 ${id} 手机 ${phone}`;
    const xls = await converted(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx', 'xls');
    const report = await scan('products.xls', xls);
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'confidential', counts: { cn_resident_id: 1, cn_mobile: 1 } });
  });
});

describe('a DOCX whose customer data is outside its body', () => {
  it.each<[string, string]>([
    ['a header', 'word/header1.xml'],
    ['a footer', 'word/footer1.xml'],
    ['a footnote', 'word/footnotes.xml'],
    ['a comment', 'word/comments.xml'],
  ])('%s: read', async (_, name) => {
    const part = xml(`<w:root xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>乙方身份证号 ${id}</w:t></w:r></w:p></w:root>`);
    const report = await scan('letter.docx', await withParts(await docxBuffer(['本合同一式两份。']), [{ name, data: part }]));
    expect(report.counts.cn_resident_id).toBe(1);
  });

  it('the body is read once: its text is not read again', async () => {
    const report = await scan('letter.docx', await docxBuffer([`乙方身份证号 ${id}`]));
    expect(report.counts.cn_resident_id).toBe(1);
  });
});

describe('a PPTX whose customer data is outside its slides', () => {
  it('a comment on a slide: read; the slides are read once', async () => {
    const deck = await written({ kind: 'pptx', paragraphs: [`联系电话 ${phone}`] });
    const alone = await scan('deck.pptx', deck);
    const report = await scan('deck.pptx', await withParts(deck, [{ name: 'ppt/comments/comment1.xml', data: xml(`<p:cmLst xmlns:p="p"><p:cm><p:text>客户身份证 ${id}</p:text></p:cm></p:cmLst>`) }]));
    expect(alone.counts.cn_mobile).toBeGreaterThan(0);
    expect([report.counts.cn_resident_id, report.counts.cn_mobile]).toEqual([1, alone.counts.cn_mobile]);
  });
});
