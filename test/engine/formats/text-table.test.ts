/**
 * Tables drawn in text (text-table.ts): a query's output saved to a file, a Markdown table, a
 * report aligned with spaces. Read as plain text a value had no column header, and a list of
 * names, birth dates, WeChat ids, QQ numbers and passports came out public.
 */
import { describe, expect, it } from 'vitest';
import { LateTables, linePieces, textTableHead } from '../../../lambdas/engine/formats/text-table.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { csvText, textTable, utf16Bom, type TextTableStyle } from '../../../synthetic/files.js';
import { chineseName, dateString, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, readAll, type FlatPart } from './read-parts.js';

const HEADER = ['姓名', '出生日期', '微信号', 'QQ', '护照号码'];

function customers(count: number, seed = 'text-table'): string[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => [chineseName(rng), dateString(rng, { form: 'dashed' }), wechatId(rng, { chosen: true }), qq(rng), passport(rng)]);
}

function cellsOf(parts: readonly FlatPart[]): Cell[] {
  return parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
}

const rows = customers(8);
/** A rule line: dashes between `+` or `|` (psql's, Markdown's). */
const holdsDashes = (line: string) => /^[\s|:+-]*---[\s|:+-]*$/.test(line);
const expected = async () => (await scanSource(bufferSource('list.csv', csvText([HEADER, ...rows])), 'list.csv')).counts;

describe('a table drawn in text', () => {
  it.each<TextTableStyle>(['psql', 'mysql', 'markdown', 'report'])('%s: its values under their headers, the same findings as the list as a CSV', async (style) => {
    const counts = await expected();
    expect(Object.keys(counts).sort()).toEqual(['cn_name', 'cn_passport', 'date_of_birth', 'qq', 'wechat_id']);
    const text = textTable([HEADER, ...rows], style);
    const report = await scanSource(bufferSource('query.txt', text), 'query.txt');
    // A Markdown table's rule line has as many bars as its rows, and all but a psql table's rule and
    // footer (2 lines of 11) hold as many as its header: told a CSV of `|`, padded, and read as a
    // table drawn in text all the same (index.ts).
    expect(report).toMatchObject({ format: style === 'markdown' || style === 'psql' ? 'csv' : 'text', counts });
    expect(cellsOf((await readAll(bufferSource('query.txt', text))).parts)).toContainEqual({ sheet: 'table 1', ref: 'C2', text: rows[0][2], header: '微信号' });
  });

  it.each([
    ['a character of the rule under its header overwritten', (text: string) => text.split('\n').map((line, i) => (i === 2 ? line.replace('+-----', '+--x--') : line)).join('\n')],
    ['a byte of its first line not UTF-8 (the rest decoded as GBK from there, every name garbled)', (text: string) => text.replace('+-----', '+--\u0000--')],
    // Twenty characters in the rule under its header (random bytes inserted, decoded), beside its dashes.
    ['a stretch of the rule under its header damaged', (text: string) => text.split('\n').map((line, i) => (i === 2 ? line.replace('+-', '+k\ufffd\ufffdL\u0003m\ufffda\ufffd\ufffd\ufffd/\'\ufffd*\ufffd\ufffd\u0001\ufffd\ufffd-') : line)).join('\n')],
  ])('damaged, %s: still a table, every value under its header (read as text, it was public)', async (_, damage) => {
    const bytes = Buffer.from(damage(textTable([HEADER, ...rows], 'mysql')));
    // The NUL stands for a byte that is no UTF-8 (0x8b), written in its place.
    if (bytes.includes(0)) bytes[bytes.indexOf(0)] = 0x8b;
    const report = await scanSource(bufferSource('query.txt', bytes), 'query.txt');
    expect(report.counts).toEqual(await expected());
  });

  /** The table's lines; `line` is its header line's index (mysql draws a rule above it). */
  const header = (style: TextTableStyle) => (style === 'mysql' ? 1 : 0);
  const join = (lines: string[], at: number) => [...lines.slice(0, at), lines[at] + lines[at + 1], ...lines.slice(at + 2)].join('\n');

  it.each<[string, TextTableStyle, (lines: string[]) => string]>([
    ['the header line run into the rule under it (its line end lost)', 'psql', (lines) => join(lines, header('psql'))],
    ['the header line run into the rule under it (its line end lost)', 'mysql', (lines) => join(lines, header('mysql'))],
    ['the header line run into the rule under it (its line end lost)', 'markdown', (lines) => join(lines, header('markdown'))],
    ['the rule above run into the header line', 'mysql', (lines) => join(lines, 0)],
  ])('damaged, %s (%s): its rows under their headers still (the layout reads no header line there; read as text, public)', async (_, style, damage) => {
    const text = damage(textTable([HEADER, ...rows], style).split('\n'));
    const report = await scanSource(bufferSource('query.txt', text), 'query.txt');
    expect(report.counts).toEqual(await expected());
  });

  it.each<TextTableStyle>(['psql', 'markdown'])('%s printed without its rule lines: its bars aligned, still a table drawn in text (read as a CSV, its padded WeChat ids were unfound)', async (style) => {
    const text = textTable([HEADER, ...rows], style).split('\n').filter((line) => !holdsDashes(line)).join('\n');
    expect(text).not.toMatch(/---/);
    const report = await scanSource(bufferSource('query.txt', text), 'query.txt');
    expect(report.counts).toEqual(await expected());
  });

  it.each<[string, (text: string) => string]>([
    // Its title's line ends lost: the header line starts where the centred title did.
    ['its title run into its header line', (text) => text.replace('\n\n', '')],
    // Bytes put before its header line: its names stand to the right of their columns.
    ['spaces put before its header line', (text) => text.replace('\n\n', '\n\n            ')],
  ])('a report aligned with spaces, damaged, %s: a row of as many fields as its header line is under it, field by field (its rows fell one column to the left of their headers: public)', async (_, damage) => {
    const text = damage(textTable([HEADER, ...rows], 'report'));
    expect(text).not.toBe(textTable([HEADER, ...rows], 'report'));
    const report = await scanSource(bufferSource('report.txt', text), 'report.txt');
    expect(report.counts).toEqual(await expected());
  });

  it('damaged, its header line lost whole, the rows after a rule: a table without a header row, its names told by their values', async () => {
    const lines = textTable([HEADER, ...rows], 'mysql').split('\n');
    const text = [lines[0], ...lines.slice(2)].join('\n');
    const report = await scanSource(bufferSource('query.txt', text), 'query.txt');
    expect(report.sensitivity).not.toBe('public');
    expect(report.counts.cn_name).toBe(rows.length);
  });

  it.each<TextTableStyle>(['psql', 'mysql', 'markdown'])('%s: 60 copies whose header line is damaged (8 bytes overwritten, 28 inserted, up to 40 cut): none public', async (style) => {
    let publicCopies = 0;
    for (let i = 0; i < 60; i++) {
      const rng = new Rng(`damaged-header-${style}-${i}`);
      const data = Buffer.from(textTable([HEADER, ...customers(20, `damaged-${i}`)], style));
      const end = data.indexOf(10, style === 'mysql' ? data.indexOf(10) + 1 : 0);
      let copy: Buffer;
      if (i % 3 === 0) {
        copy = Buffer.from(data);
        for (let k = 0; k < 8; k++) copy[rng.int(0, end)] = rng.int(0, 255);
      } else if (i % 3 === 1) {
        const at = rng.int(0, end);
        copy = Buffer.concat([data.subarray(0, at), Buffer.from(Array.from({ length: 28 }, () => rng.int(0, 255))), data.subarray(at)]);
      } else {
        const at = rng.int(0, end);
        copy = Buffer.concat([data.subarray(0, at), data.subarray(at + rng.int(1, 40))]);
      }
      if ((await scanSource(bufferSource('export.txt', copy), 'export.txt')).sensitivity === 'public') publicCopies += 1;
    }
    expect(publicCopies).toBe(0);
  });

  it('saved by Windows PowerShell (UTF-16 with a BOM), named .log', async () => {
    const report = await scanSource(bufferSource('export.log', utf16Bom(textTable([HEADER, ...rows], 'mysql'))), 'export.log');
    expect(report.counts).toEqual(await expected());
  });

  it('inside a longer text (a ticket with a query pasted in): the table read, the text around it keeps its lines', async () => {
    const rng = new Rng('ticket');
    const before = residentId(rng);
    const after = residentId(rng);
    const text = [`工单 #4521，申请人身份证 ${before}`, '查询结果如下：', '', textTable([HEADER, ...rows], 'psql'), `处理完毕，另一客户身份证 ${after}`, ''].join('\n');
    const report = await scanSource(bufferSource('ticket.txt', text), 'ticket.txt');
    expect(report.counts).toEqual({ ...(await expected()), cn_resident_id: 2 });
    const ids = report.findings.filter((finding) => finding.type === 'cn_resident_id').map((finding) => finding.location);
    const lines = text.split('\n');
    const at = (id: string) => {
      const line = lines.findIndex((candidate) => candidate.includes(id));
      return { line: line + 1, column: lines[line].indexOf(id) + 1 };
    };
    expect(ids).toEqual([at(before), at(after)]);
  });

  it('a report aligned with spaces printed without its header line: a table without a header row, its names and passports told by their values (read as text, public)', async () => {
    const lines = textTable([HEADER, ...rows], 'report').split('\n');
    const headerLine = lines.findIndex((line) => line.includes(HEADER[0]));
    const text = lines.filter((_, i) => i !== headerLine).join('\n');
    expect(text).not.toContain(HEADER[0]);
    const report = await scanSource(bufferSource('report.txt', text), 'report.txt');
    // As the same rows as a CSV without its header row: the columns its values tell.
    const headerless = (await scanSource(bufferSource('list.csv', csvText(rows)), 'list.csv')).counts;
    expect(headerless).toEqual({ cn_name: rows.length, cn_passport: rows.length });
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: headerless });
  });

  it('texts that are no table stay text: a log aligned with spaces, a letter, key and value lines', async () => {
    const log = [
      '2024-11-01 00:00:01  INFO   login ok    user=4521',
      '2024-11-01 00:00:02  WARN   retry       user=4522',
      '2024-11-01 00:00:03  INFO   logout      user=4523',
      '2024-11-01 00:00:04  INFO   login ok    user=4524',
      '2024-11-01 00:00:05  INFO   login ok    user=4525',
      '',
    ].join('\n');
    const letter = ['尊敬的客户：', '', '    您好！您的订单已发货，请注意查收。', '', '                     客服中心', ''].join('\n');
    for (const text of [log, letter]) {
      expect(textTableHead(Buffer.from(text))).toBe(false);
      expect(cellsOf((await readAll(bufferSource('a.txt', text))).parts)).toEqual([]);
    }
  });

  it('a line is cut at its bars, else at two spaces or more; a rule line gives nothing; columns as a terminal shows them', () => {
    expect(linePieces(' 张伟 | 1990-05-03 | zhang wei ', 4)).toEqual([
      { text: '张伟', x: 1, y: 4, width: 4, size: 1 },
      { text: '1990-05-03', x: 8, y: 4, width: 10, size: 1 },
      { text: 'zhang wei', x: 21, y: 4, width: 9, size: 1 },
    ]);
    expect(linePieces('姓名    Flat 5, 10/F', 0)).toEqual([
      { text: '姓名', x: 0, y: 0, width: 4, size: 1, spaced: true },
      { text: 'Flat 5, 10/F', x: 8, y: 0, width: 12, size: 1, spaced: true },
    ]);
    expect(linePieces('------+------------', 0)).toEqual([]);
    expect(linePieces('|---|:--:|', 0)).toEqual([]);
  });
});

describe('a table drawn deep in a text (past the first 8 KiB that tell a table)', () => {
  const rng = new Rng('late-tables');
  const filler = (n: number, bar = '') => Array.from({ length: n }, (_, i) => `2024-03-01 10:00:${String(i % 60).padStart(2, '0')} ${bar}工单 #${4500 + i} 处理中，客户来电咨询账单问题，已转二线处理。`).join('\n');
  const after = residentId(rng);

  it.each<TextTableStyle>(['psql', 'mysql', 'markdown'])('%s pasted into a long ticket: its values under their headers (read as text, public), the text around it keeps its lines', async (style) => {
    const text = `${filler(300)}\n查询结果如下：\n${textTable([HEADER, ...rows], style)}\n另一客户身份证 ${after}\n${filler(50)}\n`;
    expect(textTableHead(Buffer.from(text))).toBe(false);
    const report = await scanSource(bufferSource('ticket.txt', text), 'ticket.txt');
    expect(report.counts).toEqual({ ...(await expected()), cn_resident_id: 1 });
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes(after));
    expect(report.findings.find((finding) => finding.type === 'cn_resident_id')?.location).toEqual({ line: line + 1, column: lines[line].indexOf(after) + 1 });
  });

  it('cut into chunks anywhere, the same text and cells: lines already handed on stay as they were', async () => {
    const text = `${filler(3)}\n${textTable([HEADER, ...rows], 'psql')}\n${filler(2)}\n${textTable([HEADER, ...rows], 'mysql')}\n${filler(2)}\n${textTable([HEADER, ...rows], 'markdown')}\n尾行`;
    const through = async (size: number) => {
      const late = new LateTables();
      const pieces = async function* () {
        for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
      };
      let out = '';
      for await (const chunk of late.through(pieces())) out += chunk;
      return { out, cells: late.cells };
    };
    const whole = await through(text.length);
    expect(whole.cells).toHaveLength(3 * (rows.length + 1) * HEADER.length);
    expect(whole.out.split('\n')).toHaveLength(text.split('\n').length);
    expect(whole.out).not.toContain(rows[0][2]);
    for (let size = 1; size <= 70; size++) {
      const cut = await through(size);
      expect([size, cut.cells]).toEqual([size, whole.cells]);
      // A header line handed on before its rule came is text, as it was: every other line as whole's.
      const lines = cut.out.split('\n');
      const wholeLines = whole.out.split('\n');
      expect(lines).toHaveLength(wholeLines.length);
      lines.forEach((line, i) => {
        if (line !== wholeLines[i]) expect([size, i, line]).toEqual([size, i, text.split('\n')[i]]);
      });
    }
  });

  it('lines with bars but no rule drawn (a log of `|`-separated fields) stay text, no cells', async () => {
    const late = new LateTables();
    let out = '';
    const text = `${filler(100, '| +- | ')}\n`;
    for await (const chunk of late.through((async function* () {
      yield text;
    })())) out += chunk;
    expect(out).toBe(text);
    expect(late.cells).toEqual([]);
  });
});

describe('a line too long for a table under one', () => {
  it('ends the table: the line after it is text, not a row', async () => {
    const text = `${textTable([HEADER, ...rows], 'psql')}${'x'.repeat(3000)}\n以上`;
    const cells = cellsOf((await readAll(bufferSource('query.txt', text))).parts);
    expect(cells.map((cell) => cell.text)).not.toContain('以上');
    expect(cells).toContainEqual(expect.objectContaining({ text: rows[7][0], header: '姓名' }));
  });
});

describe('a report of rows a line each', () => {
  it('a row with fewer values than the one above it is a row of its own, not the one above going on', async () => {
    const text = textTable([HEADER, rows[0], [rows[1][0], rows[1][1], '', '', ''], rows[2]], 'report');
    const cells = cellsOf((await readAll(bufferSource('report.txt', text))).parts);
    expect(cells).toContainEqual({ sheet: 'table 1', ref: 'A3', text: rows[1][0], header: '姓名' });
    expect(cells).toContainEqual({ sheet: 'table 1', ref: 'A2', text: rows[0][0], header: '姓名' });
  });
});

describe('psql\'s expanded display (\\x): a record at a time, a field a line', () => {
  it('each value read after its field\'s name: the same findings as the list as a CSV', async () => {
    const text = textTable([HEADER, ...rows], 'psql-expanded');
    expect(text).toContain('-[ RECORD 2 ]');
    const report = await scanSource(bufferSource('records.txt', text), 'records.txt');
    expect(report.counts).toEqual(await expected());
  });
});

