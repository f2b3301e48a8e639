/**
 * NumPy arrays (numpy.ts): `.npy` files and the members of an `.npz`, written by NumPy itself
 * (writers.py, pinned in requirements-dev.txt). Read by the strings pass before, an array of a
 * customer list's strings came out public: NumPy keeps text as UTF-32.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { dtypeOf, numpyArrayCells } from '../../../lambdas/engine/formats/numpy-arrays.js';
import { pythonLiteral } from '../../../lambdas/engine/formats/numpy.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { DEFAULT_READ_LIMITS } from '../../../lambdas/engine/formats/source.js';
import type { Source } from '../../../lambdas/engine/formats/source.js';
import { bufferSource, fileSource, onlyCells, readAll, foundValues, overwrittenLevels } from './read-parts.js';
import { CUSTOMER_COLUMNS, customers, products, written, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const { rows, ids, mobiles } = customers(40, 'numpy');
const strings = rows.map((row) => row.map(String));
const scan = async (name: string, spec: WriterSpec) => scanSource(bufferSource(name, await written(spec)), name, { maxFindings: 0, reveal: true });

describe('an array of a customer list is read as its table', () => {
  it('a 2-D array of strings (<U), its names as the first row: every ID and mobile, and the names under their header', async () => {
    const report = await scan('customers.npy', { kind: 'npy', arrays: { a: { dtype: '<U18', values: [[...CUSTOMER_COLUMNS], ...strings] } } });
    expect(report).toMatchObject({ format: 'numpy', sensitivity: 'confidential' });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    expect(report.counts.cn_name).toBe(rows.length);
    const name = report.findings.find((f) => f.type === 'cn_name')!;
    expect(name.location).toMatchObject({ sheet: 'array', cell: expect.stringMatching(/^B\d+$/) });
  });

  it('the same strings read by the strings pass (the header changed) find nothing: the reason for the reader', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: strings } } });
    data[1] = 0x58;
    const report = await scanSource(bufferSource('customers.npy', data), 'customers.npy');
    expect(report.counts.cn_resident_id ?? 0).toBe(0);
  });

  it('a structured array (a record array) with Chinese field names: the names are the headers, birth dates as datetime64 are dates', async () => {
    const dtype: [string, string][] = [['姓名', '<U8'], ['身份证号', '<U18'], ['手机号', '<i8'], ['出生日期', '<M8[D]']];
    const values = rows.map((row) => [row[1], row[2], row[3], `${String(row[2]).slice(6, 10)}-${String(row[2]).slice(10, 12)}-${String(row[2]).slice(12, 14)}`]);
    const report = await scan('customers.npy', { kind: 'npy', arrays: { a: { dtype, values } } });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
    expect(report.counts.cn_name).toBe(rows.length);
    expect(report.counts.date_of_birth).toBe(rows.length);
  });

  it('mobiles as int64, one dimension: every digit', async () => {
    const report = await scan('mobiles.npy', { kind: 'npy', arrays: { a: { dtype: 'int64', values: rows.map((row) => row[3]) } } });
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
  });

  it('in Fortran order (a pandas frame saved by to_numpy), as in C order: held, or from a local file a block of rows at a time', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: [[...CUSTOMER_COLUMNS], ...strings], fortran: true } } });
    const c = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: [[...CUSTOMER_COLUMNS], ...strings] } } });
    const cellsOf = async (source: Source) => onlyCells((await readAll(source)).parts);
    const expected = await cellsOf(bufferSource('c.npy', c));
    expect(await cellsOf(bufferSource('f.npy', data))).toEqual(expected);
    expect(await cellsOf(fileSource('f.npy', data))).toEqual(expected);
    const report = await scanSource(fileSource('f.npy', data), 'f.npy', { maxFindings: 0, reveal: true });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(report.counts.cn_name).toBe(rows.length);
    // A local file cut short, or longer than its shape: CORRUPT.
    expect((await readAll(fileSource('f.npy', data.subarray(0, data.length - 8)))).thrown?.code).toBe('CORRUPT');
    expect((await readAll(fileSource('f.npy', Buffer.concat([data, Buffer.alloc(4)])))).thrown?.code).toBe('CORRUPT');
  });

  it('bytes items (S): UTF-8 text read as text', async () => {
    const report = await scan('ids.npy', { kind: 'npy', arrays: { a: { dtype: '|S18', values: ids } } });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
  });

  it.each(['npz', 'npz-compressed'] as const)('an %s of several arrays: every member read', async (container) => {
    const report = await scan('customers.npz', { kind: 'npy', container, arrays: { ids: { dtype: '<U18', values: ids }, mobiles: { dtype: 'int64', values: rows.map((row) => row[3]) } } });
    expect(report.format).toBe('zip');
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(foundValues(report, 'cn_mobile')).toEqual([...mobiles].sort());
  });

  it('an array without personal data is public', async () => {
    const report = await scan('products.npy', { kind: 'npy', arrays: { a: { dtype: '<U12', values: products(30).map((row) => row.map(String)) } } });
    expect(report).toMatchObject({ format: 'numpy', sensitivity: 'public' });
  });

  it('an array of objects is a pickle after the header: read by the pickle reader', async () => {
    const report = await scan('customers.npy', { kind: 'npy', arrays: { a: { dtype: 'object', values: [[...CUSTOMER_COLUMNS], ...strings] } } });
    expect(report).toMatchObject({ format: 'numpy', sensitivity: 'confidential' });
    expect(foundValues(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(report.counts.cn_name).toBe(rows.length);
  });
});

describe('damage and limits', () => {
  it('cut short: the rows before, then CORRUPT; more bytes after the array: CORRUPT', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: strings } } });
    const cut = await scanSource(bufferSource('c.npy', data.subarray(0, data.length - 18 * 4 * 6 * 3)), 'c.npy');
    expect(cut.error?.code).toBe('CORRUPT');
    expect(cut.counts.cn_resident_id).toBe(rows.length - 3);
    const longer = await readAll(bufferSource('c.npy', Buffer.concat([data, Buffer.from('x')])));
    expect(longer.thrown?.code).toBe('CORRUPT');
  });

  it('a row longer than maxBufferedBytes is LIMIT_EXCEEDED', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: strings } } });
    const result = await readAll(bufferSource('c.npy', data), { ...DEFAULT_READ_LIMITS, maxBufferedBytes: 100 });
    expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
  });

  it('raw bytes (V) and long doubles are OPAQUE; a header that is not a dict is CORRUPT', async () => {
    expect(() => dtypeOf('|V16')).toThrow(expect.objectContaining({ code: 'OPAQUE' }));
    expect(() => dtypeOf('<f16')).toThrow(expect.objectContaining({ code: 'OPAQUE' }));
    const data = await written({ kind: 'npy', arrays: { a: { dtype: 'int64', values: [1, 2] } } });
    data.write('[', 10, 'latin1');
    expect((await readAll(bufferSource('c.npy', data))).thrown?.code).toBe('CORRUPT');
  });

  it('every damaged copy (4 bytes overwritten, 300 places) is confidential or failed, never public', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: '<U18', values: [[...CUSTOMER_COLUMNS], ...strings.slice(0, 6)] } } });
    expect(await overwrittenLevels(data, 'c.npy')).toEqual([]);
  });
});

describe('the parts', () => {
  it('is told by its magic, whatever its name', () => {
    expect(sniffBytes(Buffer.from('\x93NUMPY\x01\x00', 'latin1'), 'x.bin').format).toBe('numpy');
  });

  it('reads a header as Python writes it: strings with escapes, tuples, booleans', () => {
    expect(pythonLiteral("{'descr': [('\\u59d3\\u540d', '<U4'), ('a\\'b', '<i8')], 'fortran_order': False, 'shape': (3,), }")).toEqual({
      descr: [['姓名', '<U4'], ["a'b", '<i8']],
      fortran_order: false,
      shape: [3],
    });
    expect(() => pythonLiteral("{'a': os.system('x')}")).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });

  it('items of each kind, big- and little-endian', () => {
    const data = Buffer.alloc(8 + 8 + 2);
    data.writeBigInt64BE(13812345678n, 0);
    data.writeBigInt64LE(BigInt(Date.UTC(1990, 2, 5) / 86_400_000), 8);
    data.writeUInt16LE(0x3c00, 16); // 1.0 in half precision
    const cells = [...numpyArrayCells('s', [['m', '>i8'], ['d', '<M8[D]'], ['', '|V2'], ['h', '<f2']], [1], false, Buffer.concat([data.subarray(0, 16), Buffer.alloc(2), data.subarray(16)]))].flat();
    expect(cells.map((cell) => [cell.ref, cell.text])).toEqual([
      ['A1', 'm'],
      ['B1', 'd'],
      ['C1', 'h'],
      ['A2', '13812345678'],
      ['B2', '1990-03-05'],
      ['C2', '1'],
    ]);
  });
});
