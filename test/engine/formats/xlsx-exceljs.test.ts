// The XLSX reader's own worksheet and shared-string handlers against exceljs's stream
// WorkbookReader, which the reader used before: the same cells, references and displayed text on
// workbooks written by hand with what exceljs treats in its own way (styles, dates, formulas, rich
// text, out-of-order and repeated cells, whitespace between tags).
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { excelJsParts } from '../../../lambdas/engine/formats/exceljs-parts.js';
import { SharedStrings } from '../../../lambdas/engine/formats/xlsx-shared-strings.js';
import { readRelationships, readStyles, readWorkbook } from '../../../lambdas/engine/formats/xlsx-workbook.js';
import { cellText } from '../../../lambdas/engine/formats/xlsx-values.js';
import { zipBuffer } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll, withTemporaryFolder, type FlatPart } from './read-parts.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * Styles: 0 general, 1 a built-in date (14), 2 a custom date format, 3 a custom number format,
 * 4 a format whose backslash escape hides an `h` (a date to exceljs once unescaped), 5 a custom
 * id with an empty code (the built-in one applies). A differential format (dxf) and a cell-style
 * xf with date formats must not count.
 */
const STYLES =
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="4">` +
  '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/>' +
  '<numFmt numFmtId="166" formatCode="0\\h"/><numFmt numFmtId="15" formatCode=""/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
  '<borders count="1"><border/></borders><cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6">' +
  '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"><alignment horizontal="left"/></xf>' +
  '<xf numFmtId="166"/><xf numFmtId="15"/></cellXfs>' +
  '<dxfs count="1"><dxf><numFmt numFmtId="167" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>';

const SHARED =
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">` +
  '<si><t>姓名</t></si><si><t>手机号</t></si>' +
  '<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r></si>' + // rich text
  '<si><t>王五</t><rPh sb="0" eb="2"><t>ワンウー</t></rPh></si>' + // phonetic run: exceljs kept only its text
  '<si>\n  <t xml:space="preserve"> 赵六 </t>\n</si>' + // whitespace around the text
  '<si><t>a &amp;lt; b</t></si>' +
  '<si/>' +
  '</sst>';

const SHEET_ROWS =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>日期</t></is></c><c r="D1" t="str"><v>金额</v></c></row>' +
  '<row r="2"><c r="B2"><v>13812345678</v></c><c r="A2" t="s"><v>2</v></c><c r="C2" s="1"><v>45351</v></c><c r="D2" s="3"><v>12.5</v></c></row>' +
  '<row r="3" s="2" customFormat="1"><c r="A3" t="s"><v>3</v></c><c r="C3"><v>45352.5</v></c><c r="D3" s="0"><v>7</v></c></row>' +
  '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="s"><v>99</v></c><c r="C4" t="s"><v>6</v></c><c r="D4" t="s"><v>5</v></c></row>' +
  '<row r="5"><c r="A5"><f>1+1</f><v>0</v></c><c r="B5" t="str"><f>B1</f><v>a &amp;amp; b</v></c><c r="C5"><f/><v>0</v></c><c r="D5"><f>NOW()</f></c></row>' +
  '<row r="6"><c r="A6" t="b"><v>1</v></c><c r="B6" t="b"><v>0</v></c><c r="C6" t="e"><v>#N/A</v></c><c r="D6" t="d"><v>2024-03-01</v></c></row>' +
  '<row r="7">\n  <c r="A7" t="str"><v>x</v>\n  </c>\n  <c r="$B$7"><v>1.10105199001011E+17</v></c><c r="C7" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>' +
  '<row r="8"><c r="A8" t="str"><v>first</v></c><c r="A8" t="str"><v>second</v></c><c r="B8"/><c r="C8" s="2"/><c r="D8" t="str"><v></v></c></row>' +
  '<row r="9" s="1"><c r="A9" s="3"><v>45351</v></c><c r="B9"><v>45351</v></c></row>' +
  '<row r="10"><c r="A10" s="4"><v>45351</v></c><c r="B10" s="5"><v>45351</v></c><c r="C10" s="9"><v>45351</v></c><c r="D10" s="167"><v>45351</v></c></row>' +
  // References that do not name their own row: the cell takes the row's number.
  '<row r="11"><c r="A12" t="str"><v>moved</v></c><c r="B011"><v>5</v></c><c r="C1"><v>6</v></c></row>';

async function workbook(rows: string, date1904: string | undefined = undefined): Promise<Buffer> {
  return zipBuffer([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}">${date1904 === undefined ? '' : `<workbookPr date1904="${date1904}"/>`}<sheets><sheet name="客户 &amp;amp; 账户" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    // Before the worksheet, so exceljs's public reader needs no temporary file.
    { name: 'xl/sharedStrings.xml', data: SHARED },
    { name: 'xl/styles.xml', data: STYLES },
    { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>` },
  ]);
}

/** Cells as exceljs's stream WorkbookReader gives them, through the same displayed-text rules. */
async function exceljsCells(buffer: Buffer): Promise<{ ref: string; text: string }[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const cells: { ref: string; text: string }[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      row.eachCell((cell) => {
        const text = cellText(cell.value);
        if (text !== '') cells.push({ ref: cell.address, text });
      });
    }
  }
  return cells;
}

async function ourCells(buffer: Buffer): Promise<{ ref: string; text: string }[]> {
  const { parts, thrown } = await readAll(bufferSource('book.xlsx', buffer));
  expect(thrown).toBeUndefined();
  const [part] = parts as Extract<FlatPart, { kind: 'cells' }>[];
  return part.cells.map(({ ref, text }) => ({ ref, text }));
}

describe('xlsx reader against exceljs', () => {
  it.each([
    ['1900 date system', undefined],
    ['1904 date system', '1'],
    ['date1904 written as true', 'true'],
  ])('gives the same cells as exceljs (%s)', async (_name, date1904) => {
    // Prepare
    const buffer = await workbook(SHEET_ROWS, date1904);
    // Act
    const ours = await ourCells(buffer);
    // Assess: where exceljs lost text, this reader keeps it (the phonetic string of A3 was its
    // reading alone, the rich inline string of C7 its last run) and reads no whitespace between
    // tags as text (A4's trailing newline).
    const deviations: Record<string, string> = { A3: '王五\nワンウー', A4: ' 赵六 ', C7: '富文本' };
    const expected = (await exceljsCells(buffer)).map((c) => ({ ref: c.ref, text: deviations[c.ref] ?? c.text }));
    expect(ours).toEqual(expected);
    expect(ours.length).toBeGreaterThan(20);
  });

  it('reads what matters for findings: joined rich text, dates, whole digits, headers', async () => {
    const { parts } = await readAll(bufferSource('book.xlsx', await workbook(SHEET_ROWS)));
    const cells = (parts[0] as Extract<FlatPart, { kind: 'cells' }>).cells;
    const byRef = new Map(cells.map((cell) => [cell.ref, cell]));
    expect(byRef.get('A2')).toEqual({ sheet: '客户 & 账户', ref: 'A2', text: '张三', header: '姓名' });
    expect(byRef.get('B2')).toEqual({ sheet: '客户 & 账户', ref: 'B2', text: '13812345678', header: '手机号' });
    expect(byRef.get('C2')?.text).toBe('2024-02-29');
    expect(byRef.get('B7')?.text).toBe('110105199001011000');
    expect(byRef.get('A8')?.text).toBe('second');
  });
});

describe('xlsx small parts against exceljs part parsers', () => {
  const require = createRequire(import.meta.url);
  const chunks = (xml: string) => Readable.from([xml.slice(0, 50), xml.slice(50)]);
  const workbookXml = (date1904: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr date1904="${date1904}"/>` +
    '<sheets><sheet name="客户 &amp;amp; 账户" sheetId="1" r:id="rId1"/><sheet name="B&amp;lt;2" sheetId="2" r:id="rId7" state="hidden"/></sheets>' +
    '<definedNames><definedName name="x">S!A1</definedName></definedNames></workbook>';

  it.each(['1', 'true', '0'])('reads the sheets and date system (date1904="%s") as WorkbookXform', async (date1904) => {
    const WorkbookXform = require('exceljs/lib/xlsx/xform/book/workbook-xform.js');
    const xform = new WorkbookXform();
    await xform.parseStream(chunks(workbookXml(date1904)));
    const ours = await readWorkbook(chunks(workbookXml(date1904)), excelJsParts());
    expect(ours.sheets).toEqual(xform.model.sheets.map((sheet: { name: string; rId: string }) => ({ name: sheet.name, rId: sheet.rId })));
    expect(ours.date1904).toBe(xform.model.properties.date1904);
  });

  it('reads the number format of every cell style as StylesXform', async () => {
    const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js');
    const xform = new StylesXform();
    await xform.parseStream(chunks(STYLES));
    const ours = await readStyles(chunks(STYLES), excelJsParts());
    for (const id of [0, 1, 2, 3, 4, 5, 6, 9, 167, Number.NaN]) {
      const theirs = xform.getStyleModel(id);
      expect(ours.numFmt(id), `style ${id}`).toEqual(theirs === null ? null : { numFmt: theirs.numFmt });
    }
  });

  it('reads the relationships as RelationshipsXform', async () => {
    const RelationshipsXform = require('exceljs/lib/xlsx/xform/core/relationships-xform.js');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/x.xml" TargetMode="External"/></Relationships>`;
    const theirs = await new RelationshipsXform().parseStream(chunks(xml));
    expect(await readRelationships(chunks(xml))).toEqual(theirs);
  });
});

describe('SharedStrings', () => {
  it('gives every string back by index across blocks, and undefined past the end', () => {
    // Prepare: more strings than one block holds, Chinese and ASCII, some empty
    const texts = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? '' : `客户${i}-${'x'.repeat(i % 13)}`));
    const strings = new SharedStrings();
    // Act
    for (const text of texts) strings.push(text);
    strings.seal();
    // Assess
    expect(strings.size).toBe(texts.length);
    for (const [index, text] of texts.entries()) expect(strings.at(index)).toBe(text);
    expect(strings.at(texts.length)).toBeUndefined();
    expect(strings.at(-1)).toBeUndefined();
    expect(strings.at(Number.NaN)).toBeUndefined();
  });

  it('past its held characters, gives every string back from its scratch file, in order and out of it, and removes the file', async () => {
    await withTemporaryFolder(async (folder) => {
      // Han, Latin, astral characters, a lone surrogate (UTF-8 cannot carry it) and empty strings.
      const texts = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : `客户${i}${i % 11 === 0 ? '\ud800' : ''}${i % 5 === 0 ? '😀' : ''}-${'x'.repeat(i % 13)}`));
      const strings = new SharedStrings(3000);
      for (const text of texts) strings.push(text);
      strings.seal();
      expect(readdirSync(folder)).toEqual([expect.stringMatching(/^shredlock-xlsx-/)]);
      for (const [index, text] of texts.entries()) expect(strings.at(index)).toBe(text);
      // A repeated string refers back to any block: read alone.
      const rng = new Rng('shared strings');
      for (let n = 0; n < 3000; n++) {
        const index = rng.int(0, texts.length - 1);
        expect(strings.at(index)).toBe(texts[index]);
      }
      expect(strings.at(texts.length)).toBeUndefined();
      strings.dispose();
      expect(readdirSync(folder)).toEqual([]);
    });
  });
});
