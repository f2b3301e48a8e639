/**
 * Damaged copies of real files (bytes overwritten, a run filled, the end cut off, from a fixed
 * seed): every read settles, as parts or as a ScanError with a code, never as a hang, a foreign
 * error or a crash. This is how the Avro and Parquet hangs and crashes were found.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { SCAN_ERROR_CODES } from '../../../lambdas/engine/errors.js';
import { bufferSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, customers, written, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const { rows } = customers(20);
const lines = rows.map((row) => `客户 ${row[1]} 身份证号 ${row[2]} 手机 ${row[3]}`);
const TABLE = { name: 'c', columns: CUSTOMER_COLUMNS, types: ['text', 'text', 'text', 'int', 'text', 'text'], rows };
const SPECS: readonly [string, WriterSpec][] = [
  ['crm.db', { kind: 'sqlite', tables: [{ ...TABLE, types: ['TEXT', 'TEXT', 'TEXT', 'INTEGER', 'TEXT', 'TEXT'] }] }],
  ['old.xls', { kind: 'xls', tables: [TABLE] }],
  ['book.ods', { kind: 'ods', tables: [TABLE] }],
  ['letter.odt', { kind: 'odt', paragraphs: lines }],
  ['deck.pptx', { kind: 'pptx', paragraphs: lines }],
  ['lake.parquet', { kind: 'parquet', tables: [TABLE] }],
  ['events.avro', { kind: 'avro', tables: [TABLE] }],
];

/** Deterministic damage: `i % 3` picks overwritten bytes, a filled run or a cut. */
function damaged(data: Buffer, i: number): Buffer {
  let state = 0x9e3779b9 ^ (i * 2654435761);
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const copy = Buffer.from(data);
  if (i % 3 === 0) for (let k = 0; k < 8; k++) copy[rand(copy.length)] = rand(256);
  if (i % 3 === 1) {
    const at = rand(Math.min(copy.length, 2048));
    copy.fill(rand(256), at, Math.min(copy.length, at + 64));
  }
  return i % 3 === 2 ? copy.subarray(0, rand(copy.length)) : copy;
}

describe.each(SPECS)('%s, damaged', (name, spec) => {
  it('every damaged copy is read or fails with a scan error code', async () => {
    const data = await written(spec);
    const codes = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const result = await readAll(bufferSource(name, damaged(data, i)));
      for (const part of result.parts) if (part.kind === 'error') codes.add(part.code);
      if (result.thrown !== undefined) codes.add(result.thrown.code);
    }
    expect([...codes].filter((code) => !(SCAN_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    expect(codes.size).toBeGreaterThan(0);
  });
});
