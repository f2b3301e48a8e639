/**
 * JSON tables as arrays (json-table.ts): values under their column's name, as in the same list
 * saved as CSV; the rest of the document read as text; nothing lost when it breaks.
 */
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { jsonTableHead } from '../../../lambdas/engine/formats/sniff.js';
import { csvText } from '../../../synthetic/files.js';
import { mobile } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { labelledList } from './backup-fixtures.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { allText, bufferSource, readAll, type FlatPart } from './read-parts.js';
import { customers, tarBuffer } from './writers.js';

const list = labelledList(new Rng('json-table'), 20);
const [header, ...rows] = list;
const scan = (name: string, data: string | Buffer, chunk?: number) => scanSource(bufferSource(name, data, chunk), name);
const cellsOf = (parts: readonly FlatPart[]): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('a JSON table as arrays reads as the same list saved as CSV', async () => {
  const csv = await scan('list.csv', csvText(list));

  it.each<[string, () => string]>([
    ['an array of rows, the header row first (SheetJS header: 1, pandas orient="values")', () => JSON.stringify(list)],
    ['pandas orient="split": columns, index, data', () => JSON.stringify({ columns: header, index: rows.map((_, i) => i), data: rows })],
    ['Google Sheets values, pretty-printed', () => JSON.stringify({ range: 'Sheet1!A1:E21', majorDimension: 'ROWS', values: list }, null, 2)],
    ['an API envelope: columns as objects (title, dataIndex), rows', () => JSON.stringify({ code: 0, msg: 'ok', data: { columns: header.map((title, i) => ({ title, dataIndex: `c${i}` })), rows } })],
    ['columns as objects named by name, then data', () => JSON.stringify({ fields: header.map((name) => ({ name, type: 'string' })), data: rows })],
    ['a table inside a list of sheets', () => JSON.stringify({ sheets: [{ name: '客户', values: list }] })],
    ['read in chunks of 64 bytes', () => JSON.stringify({ columns: header, data: rows })],
    ['JSON lines of rows, the header row first (.json)', () => `${list.map((row) => JSON.stringify(row)).join('\n')}\n`],
  ])('%s', async (name, make) => {
    const report = await scanSource(bufferSource('export.json', make(), name.startsWith('read in chunks') ? 64 : undefined), 'export.json');
    expect(csv.counts.cn_name).toBe(20);
    expect(report).toMatchObject({ format: 'json', sensitivity: 'confidential', counts: csv.counts });
  });

  it('read as text (as before this reader), the values are far from their column names', async () => {
    const report = await scan('export.txt', JSON.stringify({ columns: header, data: rows }));
    expect(report.format).toBe('text');
    expect([report.counts.qq ?? 0, report.counts.cn_passport ?? 0, report.counts.wechat_id ?? 0]).toEqual([0, 0, 0]);
    expect(report.counts.cn_name ?? 0).toBeLessThan(2);
  });
});

describe('JSON lines of rows', () => {
  it.each(['rows.jsonl', 'rows.ndjson'])('%s: read as the list in a CSV', async (name) => {
    const csv = await scan('list.csv', csvText(list));
    const report = await scan(name, `${list.map((row) => JSON.stringify(row)).join('\r\n')}\r\n`);
    expect(report).toMatchObject({ format: 'jsonl', sensitivity: 'confidential', counts: csv.counts });
  });

  it('whose first line is no header row: text, every value still read', async () => {
    const phone = mobile(new Rng('lines'));
    const report = await scan('points.jsonl', `[116.404, 39.915]\n[1, "${phone}"]\n`);
    expect(report.counts.cn_mobile).toBe(1);
  });
});

describe('a JSON table without its header row (pandas orient="values" writes none)', () => {
  // Names, WeChat ids, birth dates, passports and QQ numbers: read as text, all public.
  it.each<[string, string, string]>([
    ['an array of rows', 'values.json', JSON.stringify(rows)],
    ['JSON lines of rows', 'values.jsonl', rows.map((row) => JSON.stringify(row)).join('\n')],
    ['rows under data, no columns beside them', 'split.json', JSON.stringify({ index: rows.map((_, i) => i), data: rows })],
  ])('%s: a table of cells, its names told by their values (column-profile.ts)', async (_, name, doc) => {
    const report = await scan(name, doc);
    // Its passports too (engine 0.3.12: a column of them told by its values).
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_name: 20, cn_passport: 20 } });
    const cells = cellsOf((await readAll(bufferSource(name, doc))).parts);
    expect(cells.filter((cell) => cell.ref.startsWith('A')).map((cell) => cell.text)).toEqual(rows.map((row) => row[0]));
    expect(cells.every((cell) => cell.header === undefined)).toBe(true);
  });
});

describe('cells and text', () => {
  it('gives each value as a cell under its column, the header row none; a number as written', async () => {
    const { rows: people, ids } = customers(5);
    const raw = `[["客户编号","姓名","身份证号","手机","银行卡","备注"],\n${people.map((r) => `[${r.map((v) => (typeof v === 'number' || /^\d{18}$/.test(String(v)) ? String(v) : JSON.stringify(v))).join(',')}]`).join(',\n')}]`;
    const { format, parts } = await readAll(bufferSource('people.json', raw));
    const cells = cellsOf(parts);
    expect(format).toBe('json');
    expect(cells[0]).toMatchObject({ sheet: 'table 1', ref: 'A2', header: '客户编号' });
    expect(cells.filter((cell) => cell.header === '身份证号').map((cell) => cell.text)).toEqual(ids);
    expect(cells.some((cell) => cell.text === '姓名')).toBe(false);
    const report = await scan('people.json', raw);
    expect(report.counts.cn_resident_id).toBe(5);
  });

  it('reads the text outside the tables (a record beside them), keys beside their values', async () => {
    const phone = mobile(new Rng('outside'));
    const doc = JSON.stringify({ exportedBy: { 联系人: '张伟', 手机: phone }, columns: header, data: rows.slice(0, 3) });
    const { parts } = await readAll(bufferSource('export.json', doc));
    expect(allText(parts)).toContain(`"手机":"${phone}"`);
    const report = await scan('export.json', doc);
    expect(report.counts.cn_mobile).toBe(1);
    expect(report.counts.cn_name).toBe(4);
  });

  it('gives an object or array in a cell as its JSON text', async () => {
    const phone = mobile(new Rng('nested'));
    const doc = JSON.stringify([
      ['姓名', '联系方式'],
      ['张伟', { 手机: phone, 备注: ['VIP'] }],
    ]);
    const cells = cellsOf((await readAll(bufferSource('nested.json', doc))).parts);
    expect(cells.map((cell) => [cell.header, cell.text])).toEqual([
      ['姓名', '张伟'],
      ['联系方式', `{"手机":"${phone}","备注":["VIP"]}`],
    ]);
  });

  it.each<[string, string]>([
    ['GeoJSON coordinates (a first row of numbers)', JSON.stringify({ columns: ['a'], geometry: { coordinates: [[116.404, 39.915], [116.405, 39.916]] } })],
    ['a matrix of numbers under values', JSON.stringify({ note: '坐标', values: [[116.404, 39.915], [116.405, 39.916]], headers: [] })],
  ])('an array of arrays whose first row is no header row is text: %s', async (_, doc) => {
    const { parts } = await readAll(bufferSource('shape.json', doc));
    expect(cellsOf(parts)).toEqual([]);
    expect(allText(parts)).toContain('[116.404,39.915],[116.405,39.916]');
    expect((await scan('shape.json', doc)).counts.geo_coordinates).toBe(2);
  });
});

describe('a JSON that breaks', () => {
  const doc = JSON.stringify({ columns: header, data: rows });

  /** A table's rows (each a JSON array's text) laid out as JSON lines, or in one array. */
  const ROW_LAYOUTS: [string, (rows: string[]) => string][] = [
    ['JSON lines', (lines) => lines.join('\n')],
    ['one array, a row a line', (lines) => `[${lines.join(',\n')}]`],
    ['one array on one line', (lines) => `[${lines.join(',')}]`],
  ];

  it('cut short: the rows before the cut are read under their columns', async () => {
    const cut = doc.slice(0, doc.indexOf('],[', doc.length / 2) + 1);
    const report = await scan('cut.json', cut);
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(9);
    expect(report.counts.cn_name).toBe(report.counts.qq);
  });

  it.each(ROW_LAYOUTS)('a row damaged in the middle (%s): the rows after it are taken up again under the same columns', async (_, join) => {
    const lines = list.map((row) => JSON.stringify(row));
    // Row 10 loses a quote: the JSON breaks there.
    lines[10] = lines[10].replace('","', '",');
    const report = await scan('damaged.json', join(lines));
    expect(report.counts.cn_passport).toBeGreaterThanOrEqual(18);
    expect(report.counts.qq).toBeGreaterThanOrEqual(18);
  });

  it.each(ROW_LAYOUTS)('the header row damaged (%s, a quote lost): the rows after it are read under its columns, split leniently', async (_, join) => {
    const lines = list.map((row) => JSON.stringify(row));
    // The second column's name loses its closing quote: the JSON breaks in its first row.
    lines[0] = lines[0].replace(`"${header[1]}"`, `"${header[1]}`);
    for (const chunk of [undefined, 97]) {
      const report = await scanSource(bufferSource('damaged.json', join(lines), chunk), 'damaged.json');
      // Before, the rows were text: only the first row's values, near the header's words, were found.
      expect(report.counts).toEqual((await scan('list.csv', csvText(list))).counts);
    }
  });

  it('the header row lost its ] (the rows are its elements; nothing breaks before the end): read as the table it was', async () => {
    const damaged = JSON.stringify(list).replace(`"${header[header.length - 1]}"],`, `"${header[header.length - 1]}",`);
    const report = await scan('damaged.json', damaged);
    expect(report.counts).toEqual((await scan('list.csv', csvText(list))).counts);
    // Strings that read as no header row, then an array: a row of values that lost its end, the
    // arrays after it rows (a table without a header row); numbers, then an array, stay text.
    const { parts } = await readAll(bufferSource('mixed.json', JSON.stringify([['20', '30', ['王芳', 'x']]])));
    expect(cellsOf(parts).map((cell) => [cell.ref, cell.text])).toEqual([['A1', '20'], ['B1', '30'], ['A2', '王芳'], ['B2', 'x']]);
    expect(cellsOf((await readAll(bufferSource('mixed.json', JSON.stringify([[20, 30, ['王芳', 'x']]])))).parts)).toEqual([]);
  });

  it('the first row of a table without a header row damaged: the rows after it are a table, its names told by their values', async () => {
    const lines = rows.map((row) => JSON.stringify(row));
    lines[0] = lines[0].replace('","', '",');
    const { parts } = await readAll(bufferSource('values.json', `[${lines.join(',\n')}]`));
    const cells = cellsOf(parts);
    expect(cells.filter((cell) => cell.ref.startsWith('A')).map((cell) => cell.text)).toEqual(rows.slice(1).map((row) => row[0]));
    expect(cells.every((cell) => cell.header === undefined)).toBe(true);
    expect((await scan('values.json', `[${lines.join(',\n')}]`)).counts.cn_name).toBe(19);
  });

  it('broken before its table (an envelope with a damaged escape): the rows after the damage are a table; no longer public', async () => {
    const envelope = JSON.stringify({ code: 0, data: { columns: header.map((title) => ({ title })), rows } }, null, 2).replace('"code"', '"\\code"');
    const report = await scan('envelope.json', envelope);
    // Its columns lie before the table's start: its names and passports are told by their values alone.
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_name: 20, cn_passport: 20 } });
    const { parts } = await readAll(bufferSource('envelope.json', envelope));
    expect(cellsOf(parts)).toHaveLength(rows.flat().length);
  });

  it('a row that lost its [ (its ] then closed the table): the rows after it are still the table\'s, under its columns', async () => {
    const pretty = JSON.stringify({ columns: header, data: rows }, null, 2);
    // The third row's `[` is lost.
    const third = pretty.indexOf(`[\n      "${rows[2][0]}"`);
    expect(third).toBeGreaterThan(0);
    const damaged = `${pretty.slice(0, third)}${pretty.slice(third + 1)}`;
    const report = await scan('damaged.json', damaged);
    expect(report.counts.cn_passport).toBeGreaterThanOrEqual(19);
    expect(report.counts.qq).toBeGreaterThanOrEqual(19);
  });

  it.each<[string, (pretty: string) => string]>([
    // A byte in place of the header row's `[`: the document breaks before its first element ends.
    ['its header row lost its [ (a byte in its place)', (pretty) => pretty.replace('[\n  [', '[\n  \u0007')],
    // A byte in place of the document's `[`: it breaks before anything.
    ['its first [ lost (a byte in its place)', (pretty) => `\u0007${pretty.slice(1)}`],
    // A byte before the header row's first string (which jsonTableHead looked for).
    ['a byte before its first string', (pretty) => pretty.replace(`[\n    "${header[0]}"`, `[\n  \u0007  "${header[0]}"`)],
  ])('pretty-printed, %s: read as the table it was (no `[[` follows to seek; read as text, public)', async (_, damage) => {
    const damaged = damage(JSON.stringify(list, null, 2));
    expect(damaged).not.toBe(JSON.stringify(list, null, 2));
    const report = await scan('damaged.json', damaged);
    expect(report.counts).toEqual((await scan('list.csv', csvText(list))).counts);
  });

  it('a byte in place of a comma of the header row (`"姓名"3"微信号"`, which the tokenizer passes): a table, its header row split leniently (read as text, public)', async () => {
    const damaged = JSON.stringify(list).replace(`"${header[0]}","`, `"${header[0]}"3"`);
    const { parts } = await readAll(bufferSource('damaged.json', damaged));
    // Its first two names are one header, and the headers after them one column to the left of their values.
    expect(cellsOf(parts)).toContainEqual({ sheet: 'table 1', ref: 'A2', text: rows[0][0], header: `${header[0]}"3"${header[1]}` });
    const report = await scan('damaged.json', damaged);
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_name: rows.length, cn_passport: rows.length } });
  });

  // Damage a fuzzer found leaving such lists public (their first 200 bytes damaged).
  it.each<[string, string, Partial<Record<string, number>>]>([
    // A header cut out: its column keeps an empty header, the columns after it theirs.
    ['a header cut out of the header row (`"出生日期",,"QQ号"`)', JSON.stringify(list).replace(`,"${header[3]}"`, ','), { cn_name: 20, wechat_id: 20, date_of_birth: 20, qq: 20 }],
    // Its `],[` lost: the label-like cells it starts with are the header row, the rest text.
    ['the header row run into the first row', JSON.stringify(list).replace('],[', ''), { cn_name: 20, wechat_id: 19, cn_passport: 20, qq: 19 }],
    // A value before the header row (`[7[`): no table, then a byte the tokenizer stops at; no `[[` follows.
    ['pretty, a value before the header row and a control byte in it', `[7${JSON.stringify(list, null, 2).slice(1).replace(`"${header[2]}",`, `"${header[2]}",\u0019`)}`, { cn_name: 20 }],
    // A `[` put before the header row's, a byte in place of a quote: broken before any comma, its
    // header row split leniently from there.
    ['pretty, a [ before the header row and its first quote lost', JSON.stringify(list, null, 2).replace(`[\n  [\n    "${header[0]}"`, `[\n[[\n    \u0007${header[0]}"`), { cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 }],
    // The header row's `[` lost: its `]` ends the document's array, and rows follow it.
    ['pretty, the header row lost its [', JSON.stringify(list, null, 2).replace('[\n  [', '['), { cn_name: 20 }],
    // The header row's end cut off with its comma (`["姓名","微信号"[…`): its names head the rows.
    ['the header row cut after its second name, its comma too', JSON.stringify(list).replace(/","[^"]*","[^"]*","[^"]*"\],\[/, '"['), { cn_name: 20, wechat_id: 20 }],
    // Cut to its first name: a one-column table's header row.
    ['the header row cut to its first name', JSON.stringify(list).replace(/^\[\["[^"]*"/, '[["xhm"').replace(/^(\[\["xhm")[^\]]*/, '$1'), { cn_name: 20 }],
    // Without a header row, its first row lost its last value and its `]`: the rows after it its elements.
    ['pretty, no header row, its first row lost its last value and ]', JSON.stringify(rows, null, 1).replace(`,\n  "${rows[0][4]}"\n ],`, ','), { cn_name: 20 }],
    // Cut at its start: a stray `]` ends nothing, and rows follow it.
    ['its start cut off, up to the first header', JSON.stringify(list).slice(JSON.stringify(list).indexOf(',"')), { cn_name: 20 }],
  ])('%s: a table (read as text, public)', async (_, damaged, counts) => {
    const report = await scan('damaged.json', damaged);
    expect(report.counts).toMatchObject(counts);
  });

  it('garbage after it: the rest is read as text, nothing lost', async () => {
    const phone = mobile(new Rng('garbage'));
    const report = await scan('broken.json', `${doc} ]] x 联系电话 ${phone}`);
    expect(report.counts.cn_name).toBe(20);
    expect(report.counts.cn_mobile).toBe(1);
  });

  it.each<[string, (inner: string) => string]>([
    ['outside a table', (inner) => `{"columns":["a"],"x":${inner}}`],
    ['in a row\'s cell', (inner) => `[["姓名","备注"],["张伟",${inner}]]`],
  ])('nested 100,000 deep %s (hostile: a level held each): read on as text, its values found', async (_, wrap) => {
    const phone = mobile(new Rng('deep'));
    const report = await scan('deep.json', wrap(`${'['.repeat(100_000)}"${phone}"${']'.repeat(100_000)}`));
    expect(report.counts.cn_mobile).toBe(1);
    expect(report.error).toBeUndefined();
  });

  it('a document in a tar (read once, as a stream) gives what it gives alone', async () => {
    const alone = await scan('export.json', doc);
    const report = await scanSource(bufferSource('export.tar', tarBuffer([{ name: 'api/export.json', data: Buffer.from(doc) }]), 4096), 'export.tar');
    expect(report).toMatchObject({ format: 'tar', sensitivity: 'confidential', counts: alone.counts });
  });
});

describe('a byte range of a larger JSON table (the scanner\'s ranged scan)', () => {
  it('is read as text, as a SQL dump\'s is: a range may start on any row', async () => {
    const { format, parts } = await readAll({ ...bufferSource('export.json', JSON.stringify(list)), plainText: true });
    expect(format).toBe('json');
    expect(parts.map((part) => part.kind)).toEqual(['text']);
  });
});

describe('JSON records whose keys are pinyin (a Chinese system\'s API: `xingming`, `csrq`, `huzhao`, `qqhm`)', () => {
  const keys = ['xingming', 'weixin', 'csrq', 'huzhao', 'qqhm'];
  const records = rows.map((row) => Object.fromEntries(row.map((value, i) => [keys[i], value])));

  // A date right after a key naming a birth column is one (the date detector's `after-key`).
  it.each<[string, string, number]>([
    ['rows.json', JSON.stringify(records, null, 2), 1],
    ['rows.jsonl', records.map((record) => JSON.stringify(record)).join('\n'), 1],
    // A table of arrays beside them (its rows counted too): the other text a JSON table's reader hands on is keyed.
    ['mixed.json', JSON.stringify({ table: list, records }), 2],
  ])('%s: each value under its key, as under a column header (read as text, public: a pinyin word counts only in a header)', async (name, text, lists) => {
    const report = await scan(name, text);
    expect(report.counts).toMatchObject({ cn_name: lists * rows.length, date_of_birth: lists * rows.length, cn_passport: lists * rows.length, qq: lists * rows.length });
  });

  it('a value is under its own key only: the same values in an array after a key are not', async () => {
    const report = await scan('rows.json', JSON.stringify({ qqhm: 'see below', values: rows.map((row) => row[4]) }));
    expect(report.counts.qq).toBeUndefined();
  });
});

describe('jsonTableHead: which JSON is read as tables', () => {
  it.each<[string, boolean]>([
    ['[["姓名","手机"],["张伟","x"]]', true],
    ['\uFEFF [ [ "a", "b" ] ]', true],
    ['{"range":"A1:B2","values":[["姓名","手机"]]}', true],
    ['{"columns":["姓名"],"index":[0],"data":[[1]]}', true],
    ['{"data":{"fields":[{"name":"a"}],"rows":[[1,2]]}}', true],
    ['[{"姓名":"张伟"}]', false],
    ['["姓名","手机"]\n["张伟","x"]\n', true],
    ['{"a":1}\n{"a":2}\n', false],
    ['{"type":"Feature","geometry":{"coordinates":[[116.4,39.9]]}}', false],
    ['{"headers":{"Host":"x"},"body":"y"}', false],
    ['[1,2,3]', false],
    // Its start damaged: rows of strings after it.
    ['\u0007\n [\n  "姓名", "手机"\n ],\n [\n  "张伟", "x"\n ],\n [\n  "王芳", "y"\n ]\n]', true],
    ['[{"a":["x"], "b":["y"]}]', false],
  ])('%s: %s', (text, expected) => {
    expect(jsonTableHead(Buffer.from(text))).toBe(expected);
  });
});
