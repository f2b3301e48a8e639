/**
 * The OLE directory read lazily (cfb-directory.ts) against SheetJS's CFB reader on files real
 * writers made: the same entries (names, types, sizes), the same paths, the same bytes in every
 * stream; and undefined, for SheetJS to read, where it could not read a file as SheetJS does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureJavaTools } from '../../../scripts/java-tools.js';
import { lazyContainer } from '../../../lambdas/engine/formats/cfb-directory.js';
import { loadSheetJs, type CfbApi, type CfbContainer } from '../../../lambdas/engine/formats/sheetjs.js';
import { csvText, docxBuffer, greyPng } from '../../../synthetic/files.js';
import { customerCsv } from './backup-fixtures.js';
import { convertedAll, written, xlsWithObjects, xlsWithPictures } from './writers.js';

beforeAll(() => ensureJavaTools().then(() => undefined));

/** Each entry as the readers use it: path, name, type, size, and its content's bytes. */
function entriesOf(container: CfbContainer): unknown[] {
  return container.FileIndex.map((entry, i) => ({
    path: container.FullPaths[i],
    name: entry.name,
    type: entry.type,
    size: entry.size,
    content: entry.content === undefined ? undefined : Buffer.from(entry.content).toString('base64'),
  }));
}

describe('lazyContainer', () => {
  it('reads what SheetJS reads from .xls and .doc files of xlwt, LibreOffice and Apache POI (objects, pictures)', async () => {
    const CFB = (await loadSheetJs()).CFB as CfbApi;
    const { csv } = customerCsv(40, 31);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const [header, ...body] = rows;
    const xlwt = await written({ kind: 'xls', tables: [{ name: '客户', columns: header, types: header.map(() => 'text'), rows: body }] });
    const [libreXls] = await convertedAll([Buffer.from(csvText(rows))], 'csv', 'xls');
    const [libreDoc] = await convertedAll([await docxBuffer(csv.trim().split('\n'))], 'docx', 'doc');
    const packaged = await xlsWithObjects(['附件见图标'], [{ packaged: Buffer.from(csv), name: 'customers.csv' }]);
    const nested = await xlsWithObjects(['见附件'], [{ ole: xlwt }]);
    const pictures = await xlsWithPictures(['照片'], [greyPng(40, 30), greyPng(50, 20)]);
    const files = { xlwt, libreXls, libreDoc, packaged, nested, pictures };
    for (const [name, bytes] of Object.entries(files)) {
      const ours = lazyContainer(bytes);
      expect(ours, name).toBeDefined();
      expect(entriesOf(ours!), name).toEqual(entriesOf(CFB.read(bytes, { type: 'buffer' })));
      // Made once: the workbook is read for its cells and again for its pictures.
      for (const entry of ours!.FileIndex) expect(entry.content, `${name} ${entry.name}`).toBe(entry.content);
    }
  }, 180_000);

  it('a workbook stream whose sectors follow one another is a view of the file, not a copy', async () => {
    const { csv } = customerCsv(400, 32);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const bytes = await written({ kind: 'xls', tables: [{ name: 'c', columns: rows[0], types: rows[0].map(() => 'text'), rows: rows.slice(1) }] });
    const workbook = lazyContainer(bytes)!.FileIndex.find((entry) => entry.name === 'Workbook')!.content!;
    expect(workbook.length).toBeGreaterThan(4096);
    expect(workbook.buffer).toBe(bytes.buffer);
  });

  it('leaves to SheetJS a file whose stream runs past its end', async () => {
    const { csv } = customerCsv(400, 33);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const bytes = await written({ kind: 'xls', tables: [{ name: 'c', columns: rows[0], types: rows[0].map(() => 'text'), rows: rows.slice(1) }] });
    expect(lazyContainer(bytes.subarray(0, bytes.length - 2048))).toBeUndefined();
  });
});
