/**
 * Hostile Parquet and Avro files that once hung or crashed the process (found by mutating real
 * files): each is now that object's CORRUPT, at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { avroHeaderLength, guardCounts } from '../../../lambdas/engine/formats/avro-guard.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { bufferSource, readAll } from './read-parts.js';
import { CUSTOMER_COLUMNS, customers, written } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

const TABLE = { name: 't', columns: ['name', 'zzzz'], types: ['text', 'text'], rows: [['a', 'b'], ['c', 'd']] };

describe('avro header', () => {
  const header = (meta: Buffer) => Buffer.concat([Buffer.from('Obj\x01', 'latin1'), meta, Buffer.alloc(16, 0xab)]);
  it.each<[string, Buffer, number | undefined | 'CORRUPT']>([
    ['empty map', header(Buffer.from([0x00])), 4 + 1 + 16],
    ['one entry', header(Buffer.from([0x02, 0x02, 0x61, 0x02, 0x62, 0x00])), 4 + 6 + 16],
    ['cut inside the sync marker', header(Buffer.from([0x00])).subarray(0, 12), undefined],
    ['cut inside an entry', Buffer.from('Obj\x01\x02\x02a\x08ab', 'latin1'), undefined],
    ['a count that never ends (0xd2 bytes)', header(Buffer.alloc(64, 0xd2)), 'CORRUPT'],
    ['a count of a billion entries', header(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0x02, 0x61])), 'CORRUPT'],
    ['another magic', Buffer.from('Obj\x02\x00', 'latin1'), 'CORRUPT'],
  ])('%s', (_, bytes, expected) => {
    if (expected === 'CORRUPT') expect(() => avroHeaderLength(bytes)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    else expect(avroHeaderLength(bytes)).toBe(expected);
  });

  it('a real file whose header end is overwritten is CORRUPT (it hung avsc)', async () => {
    const data = Buffer.from(await written({ kind: 'avro', tables: [TABLE] }));
    const schemaEnd = data.indexOf('}]}', 0, 'latin1') + 3;
    data.fill(0xd2, schemaEnd);
    const result = await readAll(bufferSource('t.avro', data));
    expect(result.thrown?.code).toBe('CORRUPT');
  });
});

describe('avro array and map counts', () => {
  it.each([
    ['array', { type: 'array', items: 'string' }],
    ['map', { type: 'map', values: 'string' }],
  ])('a %s count beyond the bytes left is CORRUPT before looping', async (_, schema) => {
    const { default: avsc } = await import('avsc');
    guardCounts(avsc.types as never);
    const type = avsc.Type.forSchema(schema as never);
    expect(type.fromBuffer(type.toBuffer(schema.type === 'array' ? ['a', 'b'] : { a: 'b' }))).toEqual(schema.type === 'array' ? ['a', 'b'] : { a: 'b' });
    // A count of 2^40 (zigzag varint) followed by two bytes.
    const bomb = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x02, 0x61]);
    expect(() => type.decode(bomb, 0)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});

describe('parquet footer', () => {
  // Overwrites in the footer once left a row group without its row count: it read as no rows, and
  // 41 of these 4,062 files came out public (found by fuzzing).
  it("every 4-byte overwrite of a customer file's footer is confidential or failed, never public", async () => {
    const { rows } = customers(6, 'parquet-footer');
    const data = Buffer.from(await written({ kind: 'parquet', tables: [{ name: 'c', columns: [...CUSTOMER_COLUMNS], types: ['text', 'text', 'text', 'int', 'text', 'text'], rows }] }));
    expect((await scanSource(bufferSource('c.parquet', data), 'c.parquet')).sensitivity).toBe('confidential');
    const footerStart = data.length - 8 - data.readUInt32LE(data.length - 8);
    const seen: Record<string, number> = {};
    for (const value of [0x7fffffff, 0xffffffff, 0]) {
      for (let at = footerStart; at <= data.length - 12; at++) {
        const damaged = Buffer.from(data);
        damaged.writeUInt32LE(value, at);
        const { sensitivity } = await scanSource(bufferSource('c.parquet', damaged), 'c.parquet');
        seen[sensitivity] = (seen[sensitivity] ?? 0) + 1;
      }
    }
    expect(Object.keys(seen).sort()).toEqual(['confidential', 'failed']);
  });


  it('a column chunk whose path names no schema column is CORRUPT (it crashed the process)', async () => {
    const data = Buffer.from(await written({ kind: 'parquet', tables: [TABLE] }));
    const at = data.lastIndexOf('zzzz', data.length, 'latin1');
    data.write('zzzy', at, 'latin1');
    const result = await readAll(bufferSource('t.parquet', data));
    expect(result.thrown?.code).toBe('CORRUPT');
  });
});
