/**
 * A workbook whose shared strings pass HELD_SHARED_CHARS (xlsx-shared-strings.ts): they go to a
 * scratch file while its sheets are read, its findings are those of the same rows saved as CSV, and
 * the file is removed when the workbook is done.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELD_SHARED_CHARS } from '../../../lambdas/engine/formats/xlsx-shared-strings.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText, xlsxBuffer } from '../../../synthetic/files.js';
import { chineseName, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, withTemporaryFolder } from './read-parts.js';

/** Words of a note that holds no one's data. */
const WORDS = ['服务', '订单', '已处理', '回访', 'status ok', 'retry', '备注', '客户反馈'];

describe('a workbook of more shared strings than are held in memory', () => {
  it('reads them back from a scratch file, finds what its CSV finds, and removes the file', async () => {
    const rng = new Rng('large workbook');
    const rows: string[][] = [['姓名', '身份证号', '备注']];
    // A quarter over the limit: names repeat, and a workbook keeps one string of each.
    for (let chars = 0; chars <= HELD_SHARED_CHARS * 1.25; ) {
      const note = Array.from({ length: 60 }, () => rng.pick(WORDS)).join(' ') + ` #${rows.length}`;
      const row = [chineseName(rng), residentId(rng), note];
      chars += row.join('').length;
      rows.push(row);
    }
    const workbook = await xlsxBuffer([{ name: 'customers', rows }]);
    const csv = await scanSource(bufferSource('customers.csv', Buffer.from(csvText(rows))), 'customers.csv');
    await withTemporaryFolder(async (folder) => {
      let spilled: string[] = [];
      const report = await scanSource(bufferSource('customers.xlsx', workbook), 'customers.xlsx', {
        onFinding: () => {
          if (spilled.length === 0) spilled = readdirSync(folder);
        },
      });
      expect(spilled).toEqual([expect.stringMatching(/^shredlock-xlsx-/)]);
      expect(report.counts.cn_resident_id).toBe(rows.length - 1);
      expect(report.counts).toEqual(csv.counts);
      expect(readdirSync(folder)).toEqual([]);
    });
  }, 120_000);
});
