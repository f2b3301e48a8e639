/**
 * The heap is collected after a value of LARGE_VALUE_CHARS or more has been matched, when the
 * collector is exposed (collect.ts); a smaller value, or an unexposed collector, does nothing.
 */
import { serialize } from 'bson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LARGE_VALUE_CHARS, afterValue } from '../../lambdas/engine/collect.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { bufferSource } from './formats/read-parts.js';

const global = globalThis as { gc?: () => void };
const exposed = global.gc;

afterEach(() => {
  global.gc = exposed;
});

/** Calls to an exposed collector while `run` runs. */
async function collections(run: () => unknown): Promise<number> {
  const gc = vi.fn();
  global.gc = gc;
  await run();
  return gc.mock.calls.length;
}

describe('afterValue', () => {
  it('collects after a value of LARGE_VALUE_CHARS characters, not one fewer', async () => {
    expect(await collections(() => afterValue(LARGE_VALUE_CHARS))).toBe(1);
    expect(await collections(() => afterValue(LARGE_VALUE_CHARS - 1))).toBe(0);
  });

  it('does nothing when the collector is not exposed', () => {
    global.gc = undefined;
    expect(() => afterValue(LARGE_VALUE_CHARS)).not.toThrow();
  });
});

describe('a scan', () => {
  /** A mongodump collection: each note a cell. */
  const bson = (notes: readonly string[]) =>
    Buffer.concat(notes.map((note, i) => Buffer.from(serialize({ 姓名: ['张伟', '李娜', '王芳'][i % 3], 备注: note }))));

  it("collects after each large cell of a table, and its findings are a table's", async () => {
    const long = '服务正常 status ok '.repeat(Math.ceil(LARGE_VALUE_CHARS / 14));
    let counts: Record<string, number | undefined> = {};
    expect(
      await collections(async () => {
        counts = (await scanSource(bufferSource('notes.bson', bson([long, long, 'short'])), 'notes.bson')).counts;
      }),
    ).toBe(2);
    expect(counts.cn_name).toBe(3);
  });

  it('does not collect for small cells', async () => {
    expect(await collections(() => scanSource(bufferSource('notes.bson', bson(['short', 'short'])), 'notes.bson'))).toBe(0);
  });
});
