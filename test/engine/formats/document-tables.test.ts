/**
 * Tables in documents (docx-body.ts, header-row.ts documentTableCells): a roster kept as a Word
 * table (姓名 | 出生日期 | 微信号 …) and a form laid out as one (姓名 | 张伟 | 性别 | 男). Read as
 * text, a roster's rows after its first were far from its header row (one row of twenty found).
 */
import { describe, expect, it } from 'vitest';
import { documentTableCells } from '../../../lambdas/engine/header-row.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, docxBuffer } from '../../../synthetic/files.js';
import { chineseName, dateString, mobile, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll, type FlatPart } from './read-parts.js';
import { converted, written } from './writers.js';
import { tabTablePieces, wordTableRows } from '../../../lambdas/engine/formats/text-table.js';

const HEADER = ['姓名', '出生日期', '微信号', 'QQ', '护照号码'];
const rng = new Rng('document-tables');
const rows = Array.from({ length: 12 }, () => [chineseName(rng), dateString(rng, { form: 'dashed' }), wechatId(rng, { chosen: true }), qq(rng), passport(rng)]);

function cellsOf(parts: readonly FlatPart[]): Cell[] {
  return parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
}

describe('a Word document with a table', () => {
  it('a roster: its values under their headers, the same findings as the list as a CSV; the text around it read as text', async () => {
    const id = residentId(rng);
    const bytes = await docxBuffer(['客户花名册', `经办人身份证号 ${id}`], { tables: [[HEADER, ...rows]] });
    const csv = await scanSource(bufferSource('list.csv', csvText([HEADER, ...rows])), 'list.csv');
    const report = await scanSource(bufferSource('list.docx', bytes), 'list.docx');
    expect(report.counts).toEqual({ ...csv.counts, cn_resident_id: 1 });
    const { parts } = await readAll(bufferSource('list.docx', bytes));
    expect(cellsOf(parts)).toContainEqual({ sheet: 'table 1', ref: 'C2', text: rows[0][2], header: '微信号' });
    expect(parts.find((part) => part.kind === 'text')).toMatchObject({ text: expect.stringContaining(`经办人身份证号 ${id}`) });
  });

  it('a form laid out as a table, its labels without colons: each value read after its label', async () => {
    const wechat = wechatId(rng, { chosen: true });
    const form = [
      ['姓名', '张伟', '性别', '男'],
      ['出生日期', '1990-05-03', '微信号', wechat],
      ['QQ', qq(rng), '护照号码', passport(rng)],
      ['身份证号', residentId(rng), '手机', mobile(rng)],
    ];
    const report = await scanSource(bufferSource('form.docx', await docxBuffer(['客户信息登记表'], { tables: [form] })), 'form.docx');
    expect(report.counts).toEqual({ cn_name: 1, date_of_birth: 1, wechat_id: 1, qq: 1, cn_passport: 1, cn_resident_id: 1, cn_mobile: 1 });
  });

  it('two tables: numbered in the document\'s order', async () => {
    const { parts } = await readAll(bufferSource('two.docx', await docxBuffer([], { tables: [[HEADER, rows[0]], [HEADER, rows[1]]] })));
    expect(new Set(cellsOf(parts).map((cell) => cell.sheet))).toEqual(new Set(['table 1', 'table 2']));
  });
});

describe('an OpenDocument text with a table (odfpy)', () => {
  it('a roster and a form: as in a Word document', async () => {
    const csv = await scanSource(bufferSource('list.csv', csvText([HEADER, ...rows])), 'list.csv');
    const roster = await written({ kind: 'odt', paragraphs: ['客户花名册'], tables: [[HEADER, ...rows]] });
    expect((await scanSource(bufferSource('list.odt', roster), 'list.odt')).counts).toEqual(csv.counts);
    const wechat = wechatId(rng, { chosen: true });
    const form = await written({ kind: 'odt', paragraphs: ['登记表'], tables: [[['姓名', '李娜', '性别', '女'], ['出生日期', '1985-11-21', '微信号', wechat]]] });
    const { parts } = await readAll(bufferSource('form.odt', form));
    expect(cellsOf(parts)).toContainEqual({ sheet: 'table 1', ref: 'D2', text: wechat, header: '女 微信号' });
    expect((await scanSource(bufferSource('form.odt', form), 'form.odt')).counts).toEqual({ cn_name: 1, date_of_birth: 1, wechat_id: 1 });
  });
});

describe('a Word 97 .doc and an RTF (LibreOffice, from the .odt)', () => {
  it.each(['doc', 'rtf'])('%s: a roster read as cells under its headers, the same findings as the list as a CSV', async (to) => {
    const csv = await scanSource(bufferSource('list.csv', csvText([HEADER, ...rows])), 'list.csv');
    const odt = await written({ kind: 'odt', paragraphs: ['客户花名册'], tables: [[HEADER, ...rows]] });
    const document = await converted(odt, 'odt', to);
    const report = await scanSource(bufferSource(`list.${to}`, document), `list.${to}`);
    expect(report).toMatchObject({ format: to, counts: csv.counts });
  }, 60_000);
});

describe('flat OpenDocument files (LibreOffice\'s .fods and .fodt: the document as one XML file)', () => {
  it.each([
    ['fods', () => written({ kind: 'ods', tables: [{ name: '客户', columns: HEADER, types: [], rows }] }), 'ods'],
    ['fodt', () => written({ kind: 'odt', paragraphs: ['客户花名册'], tables: [[HEADER, ...rows]] }), 'odt'],
  ] as const)('%s: read as its zipped form is, its cells under their headers (as XML text, none had a header)', async (to, make, from) => {
    const csv = await scanSource(bufferSource('list.csv', csvText([HEADER, ...rows])), 'list.csv');
    const flat = await converted(await make(), from, to);
    expect(flat.subarray(0, 200).toString()).toContain('<?xml');
    expect(await scanSource(bufferSource(`list.${to}`, flat), `list.${to}`)).toMatchObject({ format: from, counts: csv.counts });
  }, 60_000);
});

describe('tables of tab-separated cells', () => {
  it('word-extractor\'s rows (a cell and a row each end in a tab) cut into lines when every row ends so', () => {
    expect(wordTableRows('标题\n姓名\t电话\t\t张伟\t138\t\t李娜\t139\t\t\n后记')).toBe('标题\n姓名\t电话\n张伟\t138\n李娜\t139\n后记');
    // An empty cell where a row's end should be: left as it is.
    expect(wordTableRows('姓名\t电话\t\t张伟\t138\t李娜')).toBe('姓名\t电话\t\t张伟\t138\t李娜');
  });

  it('a run of two lines or more with as many fields is a table; the other lines are text, a table\'s lines left empty', () => {
    const pieces = tabTablePieces('客户\n姓名\t微信号\t\n张伟\tzhang_wei88\t\n以上\tOK 一行');
    expect(pieces).toEqual([
      { text: '客户\n' },
      { cell: { sheet: 'table 1', ref: 'A1', text: '姓名' } },
      { cell: { sheet: 'table 1', ref: 'B1', text: '微信号', header: '姓名' } },
      { cell: { sheet: 'table 1', ref: 'A2', text: '张伟', header: '姓名' } },
      { cell: { sheet: 'table 1', ref: 'B2', text: 'zhang_wei88', header: '微信号 张伟' } },
      { cell: { sheet: 'table 1', ref: 'A3', text: '以上', header: '姓名' } },
      { cell: { sheet: 'table 1', ref: 'B3', text: 'OK 一行', header: '微信号 以上' } },
      { text: '\n\n\n' },
    ]);
  });
});

describe('documentTableCells', () => {
  it('a cell under its column\'s header, and after the label on its left (short, no digit)', () => {
    const cells = documentTableCells(
      [
        [{ column: 0, text: '姓名' }, { column: 1, text: '张伟' }, { column: 2, text: '性别' }, { column: 3, text: '男' }],
        [{ column: 0, text: '出生日期' }, { column: 1, text: '1990-05-03' }, { column: 3, text: '13812345678' }],
      ],
      'table 1',
    );
    expect(cells).toEqual([
      { sheet: 'table 1', ref: 'A1', text: '姓名' },
      { sheet: 'table 1', ref: 'B1', text: '张伟', header: '姓名' },
      { sheet: 'table 1', ref: 'C1', text: '性别', header: '张伟' },
      { sheet: 'table 1', ref: 'D1', text: '男', header: '性别' },
      { sheet: 'table 1', ref: 'A2', text: '出生日期', header: '姓名' },
      { sheet: 'table 1', ref: 'B2', text: '1990-05-03', header: '张伟 出生日期' },
      // Its left neighbour is empty (column C): no label.
      { sheet: 'table 1', ref: 'D2', text: '13812345678', header: '男' },
    ]);
  });
});
