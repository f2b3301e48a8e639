// Excel 2003 XML (spreadsheetml.ts): each cell under its column's header, as a spreadsheet's. Many
// Java and .NET systems export a list so, named .xml or .xls: read as text, a column's values were
// too far from its header, and a list of names, WeChat ids or birth dates came out public.
import { describe, expect, it } from 'vitest';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText } from '../../../synthetic/files.js';
import { residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList } from './backup-fixtures.js';
import { bufferSource, readAll } from './read-parts.js';
import { tarBuffer } from './writers.js';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A workbook as Excel 2003 saves one (`ss:` prefixed attributes, a default namespace), or `cell` written otherwise. */
function workbook(sheets: readonly { name: string; rows: readonly (readonly string[])[] }[], extra = ''): string {
  const table = (rows: readonly (readonly string[])[]) =>
    rows.map((row) => `   <Row>\n${row.map((cell) => `    <Cell><Data ss:Type="String">${escapeXml(cell)}</Data></Cell>`).join('\n')}\n   </Row>`).join('\n');
  return `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>system</Author></DocumentProperties>
${extra}${sheets.map((sheet) => ` <Worksheet ss:Name="${sheet.name}">\n  <Table>\n${table(sheet.rows)}\n  </Table>\n </Worksheet>`).join('\n')}
</Workbook>
`;
}

const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('Excel 2003 XML (SpreadsheetML)', () => {
  const rng = new Rng('spreadsheetml');
  const rows = labelledList(rng);

  it.each(['客户.xml', '导出.xls', 'export'])('a list exported so (%s) gives what the same list gives as CSV', async (name) => {
    const csv = await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv');
    expect(Object.keys(csv.counts).sort()).toEqual(['cn_name', 'cn_passport', 'date_of_birth', 'qq', 'wechat_id']);
    const xml = await scanSource(bufferSource(name, workbook([{ name: '客户', rows }])), name);
    expect(xml).toMatchObject({ format: 'spreadsheetml', sensitivity: 'confidential' });
    expect(xml.counts).toEqual(csv.counts);
  });

  it('gives each cell with its sheet, A1 reference (ss:Index and ss:MergeAcross counted) and header; rich text, comments, dates; the rest as text', async () => {
    const id = residentId(rng);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
 <o:DocumentProperties xmlns:o="urn:schemas-microsoft-com:office:office"><o:Author>张经理</o:Author></o:DocumentProperties>
 <ss:Worksheet ss:Name="名单">
  <ss:Table>
   <ss:Row><ss:Cell ss:MergeAcross="1"><ss:Data ss:Type="String">客户</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="String">出生日期</ss:Data></ss:Cell></ss:Row>
   <ss:Row ss:Index="3"><ss:Cell><ss:Data ss:Type="String">张<html:B>三</html:B></ss:Data><ss:Comment><ss:Data>身份证 ${id}</ss:Data></ss:Comment></ss:Cell><ss:Cell ss:Index="3"><ss:Data ss:Type="DateTime">1990-05-03T00:00:00.000</ss:Data></ss:Cell></ss:Row>
  </ss:Table>
 </ss:Worksheet>
</ss:Workbook>
`;
    const { format, parts } = await readAll(bufferSource('名单.xml', xml));
    expect(format).toBe('spreadsheetml');
    expect(cellsOf(parts)).toEqual([
      { sheet: '名单', ref: 'A1', text: '客户' },
      { sheet: '名单', ref: 'C1', text: '出生日期' },
      { sheet: '名单', ref: 'A3', text: `身份证 ${id}` },
      { sheet: '名单', ref: 'A3', text: '张三', header: '客户' },
      { sheet: '名单', ref: 'C3', text: '1990-05-03', header: '出生日期' },
    ]);
    expect(parts.map((part) => (part.kind === 'text' ? part.text : '')).join('')).toContain('张经理');
    const report = await scanSource(bufferSource('名单.xml', xml), '名单.xml');
    expect(report.counts).toMatchObject({ cn_resident_id: 1, date_of_birth: 1 });
  });

  it('reads the same cells whatever the chunks, and inside a tar (read once)', async () => {
    const xml = workbook([{ name: 'A', rows }, { name: 'B', rows: rows.slice(0, 5) }]);
    const whole = cellsOf((await readAll(bufferSource('a.xml', xml))).parts);
    expect(whole.filter((cell) => cell.sheet === 'B')).toHaveLength(25);
    expect(cellsOf((await readAll(bufferSource('a.xml', xml, 7))).parts)).toEqual(whole);
    const alone = await scanSource(bufferSource('a.xml', xml), 'a.xml');
    const tarred = await scanSource(bufferSource('export.tar', tarBuffer([{ name: 'crm/a.xml', data: xml }]), 4096), 'export.tar');
    expect(tarred.error).toBeUndefined();
    expect(tarred.counts).toEqual(alone.counts);
  });

  it('malformed XML is CORRUPT after the cells read before it, never public', async () => {
    const xml = workbook([{ name: 'A', rows }]).replace('</Workbook>', '<Row></Workbook>');
    const report = await scanSource(bufferSource('a.xml', xml), 'a.xml');
    expect(report).toMatchObject({ format: 'spreadsheetml', sensitivity: 'confidential', error: { code: 'CORRUPT' } });
  });

  it.each<[string, string, string]>([
    ['a.xml', workbook([{ name: 'A', rows: [['a']] }]), 'spreadsheetml'],
    ['a.xls', workbook([{ name: 'A', rows: [['a']] }]), 'spreadsheetml'],
    ['data.xml', '<?xml version="1.0"?><customers><customer/></customers>', 'text'],
    ['notes.txt', workbook([{ name: 'A', rows: [['a']] }]), 'text'],
  ])('sniffs %s as %s', (name, content, format) => {
    expect(sniffBytes(Buffer.from(content), name).format).toBe(format);
  });
});
