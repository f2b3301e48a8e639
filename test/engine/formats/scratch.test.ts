// The readers' private temporary folders: leftovers of a stopped Lambda run are swept, nothing else.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepLeftovers } from '../../../lambdas/engine/formats/scratch.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function folderWith(names: string[]): string {
  root = mkdtempSync(join(tmpdir(), 'scratch-test-'));
  for (const name of names) mkdirSync(join(root, name, 'inner'), { recursive: true });
  return root;
}

describe('sweepLeftovers', () => {
  const names = ['shredlock-7z-a1b2c3', 'shredlock-rar-x', 'shredlock-sqlite-y', 'shredlock-json-q', 'shredlock-findings-z', 'shredlock-chromium-148', 'other'];

  it("in Lambda, removes the readers' folders and nothing else", () => {
    const dir = folderWith(names);
    expect(sweepLeftovers(dir, { AWS_LAMBDA_FUNCTION_NAME: 'shredlock-scanner' }).sort()).toEqual(['shredlock-7z-a1b2c3', 'shredlock-json-q', 'shredlock-rar-x', 'shredlock-sqlite-y']);
    expect(readdirSync(dir).sort()).toEqual(['other', 'shredlock-chromium-148', 'shredlock-findings-z']);
  });

  it('outside Lambda removes nothing: another process may be scanning', () => {
    const dir = folderWith(names);
    expect(sweepLeftovers(dir, {})).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
  });
});
