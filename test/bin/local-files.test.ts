// Local files as scan sources: a small file at once, a large one in chunks, each to its end.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_CHUNK_BYTES, fileSource } from '../../bin/local-files.js';

const DIR = join(process.cwd(), 'test', '.out', 'local-files');

async function chunks(path: string, size: number): Promise<number[]> {
  const lengths: number[] = [];
  for await (const chunk of fileSource(path, size).open()) lengths.push(chunk.byteLength);
  return lengths;
}

describe('fileSource', () => {
  it('reads a small file in one chunk, a large one in chunks of READ_CHUNK_BYTES', async () => {
    // The empty file gives no chunk at all.
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'empty.txt'), '');
    expect(await chunks(join(DIR, 'empty.txt'), 0)).toEqual([]);
    mkdirSync(DIR, { recursive: true });
    const small = join(DIR, 'small.txt');
    writeFileSync(small, 'order 1 note\n');
    expect(await chunks(small, 13)).toEqual([13]);
    const large = join(DIR, 'large.bin');
    writeFileSync(large, Buffer.alloc(READ_CHUNK_BYTES * 2 + 10, 0x41));
    expect(await chunks(large, READ_CHUNK_BYTES * 2 + 10)).toEqual([READ_CHUNK_BYTES, READ_CHUNK_BYTES, 10]);
  });

  it('a file that grew after it was listed is read to its end', async () => {
    mkdirSync(DIR, { recursive: true });
    const path = join(DIR, 'growing.log');
    writeFileSync(path, 'line 1\n');
    const listedSize = 7;
    appendFileSync(path, Buffer.alloc(100_000, 0x42));
    const lengths = await chunks(path, listedSize);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(100_007);
    // Read at once up to one byte past the listed size, then streamed.
    expect(lengths).toEqual([listedSize + 1, 100_007 - listedSize - 1]);
  });

  it('a small file that cannot be opened fails when it is read, as a stream would', async () => {
    await expect(chunks(join(DIR, 'no-such-file.txt'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
