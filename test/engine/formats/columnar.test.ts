import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, fileSource, onlyCells, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, PRODUCT_COLUMNS, customers, products, written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));


const CUSTOMER_KINDS = ['text', 'text', 'text', 'int', 'text', 'text'];
const PRODUCT_KINDS = ['text', 'text', 'text', 'int', 'text'];
const SMALL = { name: 't', columns: ['姓名', '手机号', '身份证', '照片'], types: ['text', 'int', 'int', 'bytes'], rows: [['张三', 13812345678, 110105199001011234n, '李四'], [null, null, null, null]] } as const;

describe.each<['parquet' | 'avro', readonly string[]]>([
  ['parquet', ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'none']],
  ['avro', ['null', 'deflate', 'snappy']],
])('%s', (kind, codecs) => {
  it('gives cells with the column names as headers; int64 keeps every digit; bytes as text', async () => {
    const data = await written({ kind, tables: [SMALL] });
    const { format, parts } = await readAll(bufferSource(`t.${kind}`, data));
    expect(format).toBe(kind);
    expect(onlyCells(parts)).toEqual([
      { sheet: kind, ref: 'A1', text: '姓名' },
      { sheet: kind, ref: 'B1', text: '手机号' },
      { sheet: kind, ref: 'C1', text: '身份证' },
      { sheet: kind, ref: 'D1', text: '照片' },
      { sheet: kind, ref: 'A2', text: '张三', header: '姓名' },
      { sheet: kind, ref: 'B2', text: '13812345678', header: '手机号' },
      { sheet: kind, ref: 'C2', text: '110105199001011234', header: '身份证' },
      { sheet: kind, ref: 'D2', text: '李四', header: '照片' },
    ]);
  });

  it.each(codecs)('codec %s: customers are confidential with every ID found; products are public', async (codec) => {
    const { rows, ids, mobiles } = customers(60);
    const data = await written({ kind, codec, rowGroupSize: 25, tables: [{ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    const report = await scanSource(fileSource(`export.bin`, data), 'export.bin', { reveal: true, maxFindings: 0 });
    expect(report).toMatchObject({ format: kind, sensitivity: 'confidential' });
    const found = (type: string) => report.findings.filter((f) => f.type === type).map((f) => f.value).sort();
    expect(found('cn_resident_id')).toEqual([...ids].sort());
    expect(found('cn_mobile')).toEqual([...mobiles].sort());

    const safe = await written({ kind, codec, tables: [{ name: 'p', columns: PRODUCT_COLUMNS, types: PRODUCT_KINDS, rows: products(60) }] });
    expect(await scanSource(bufferSource(`stock.${kind}`, safe), `stock.${kind}`)).toMatchObject({ format: kind, sensitivity: 'public', counts: {} });
  });

  it('a truncated file is that object\'s error, never public', async () => {
    const { rows } = customers(200);
    const data = await written({ kind, tables: [{ name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows }] });
    const report = await scanSource(bufferSource(`t.${kind}`, data.subarray(0, Math.floor(data.length * 0.6))), `t.${kind}`);
    expect(report).toMatchObject({ format: kind, sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('repeated values: a block past maxRatio, or a row group too big to hold, is LIMIT_EXCEEDED', async () => {
    const rows = Array.from({ length: 40_000 }, () => ['x'.repeat(200), 'a', 'b', 1, 'c', 'd']);
    const table = { name: 'c', columns: CUSTOMER_COLUMNS, types: CUSTOMER_KINDS, rows };
    // One 9 MB Avro block; Parquet's dictionary pages stay tiny however many rows repeat.
    const data = await written(kind === 'parquet' ? { kind, codec: 'gzip', tables: [table] } : { kind, codec: 'deflate', blockBytes: 16_000_000, tables: [table] });
    expect(data.length).toBeLessThan(400_000);
    if (kind === 'avro') expect((await readAll(bufferSource('bomb.avro', data), { maxRatio: 5 })).thrown?.code).toBe('LIMIT_EXCEEDED');
    const buffered = await readAll(bufferSource(`bomb.${kind}`, data), { maxBufferedBytes: 2 * 1024 * 1024 });
    expect(buffered.thrown?.code).toBe('LIMIT_EXCEEDED');
    // With room enough, the same file is read whole: the limits stopped it, not the reader.
    expect((await readAll(bufferSource(`bomb.${kind}`, data), { maxRatio: 100_000 })).thrown).toBeUndefined();
  });
});
