// The text a one-pass reader (html.ts, sql.ts) holds while it hands on cells: in memory, then in
// a private scratch file, read back whole and in order, and removed.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeldText } from '../../../lambdas/engine/formats/held-text.js';

const read = async (held: HeldText): Promise<string> => {
  let text = '';
  for await (const chunk of held.chunks()) text += chunk;
  return text;
};

describe('held text', () => {
  let root: string;
  let before: string | undefined;
  beforeEach(() => {
    before = process.env.TMPDIR;
    root = mkdtempSync(join(tmpdir(), 'held-text-test-'));
    process.env.TMPDIR = root;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  });

  it('beyond its memory, holds the text in a private file, reads it back in order (characters cut anywhere), and removes it', async () => {
    const held = new HeldText('sql', 100);
    const pieces = Array.from({ length: 50 }, (_, i) => `第${i}行 ${'客户回访记录 𠀀 '.repeat(2000)}\n`);
    for (const piece of pieces) held.add(piece);
    held.finish();
    const folders = readdirSync(root);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^shredlock-sql-/);
    expect(await read(held)).toBe(pieces.join(''));
    held.dispose();
    expect(existsSync(join(root, folders[0]))).toBe(false);
  });

  it('within its memory, writes no file', async () => {
    const held = new HeldText('html', 1000);
    held.add('客户 ');
    held.add('名单');
    held.finish();
    expect(await read(held)).toBe('客户 名单');
    expect(readdirSync(root)).toEqual([]);
    held.dispose();
  });

  it('asked for before its source was read to the end, is READ_FAILED, not a text cut short', async () => {
    const held = new HeldText('html', 1000);
    held.add('part of a page');
    await expect(read(held)).rejects.toMatchObject({ code: 'READ_FAILED' });
    held.dispose();
  });
});
