// What readers load at run time, once a process: a failure is READ_FAILED and is tried again.
import { describe, expect, it } from 'vitest';
import { loadOnce, packageFile } from '../../../lambdas/engine/formats/package-file.js';

describe('loadOnce', () => {
  it('loads once while it succeeds', async () => {
    let calls = 0;
    const load = loadOnce('pkg', async () => ++calls);
    expect([await load(), await load()]).toEqual([1, 1]);
  });

  it('turns a failure into READ_FAILED naming the package, and tries again the next time', async () => {
    let calls = 0;
    const load = loadOnce('node-sqlite3-wasm', async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error("ENOENT: no such file, open '/var/task/node-sqlite3-wasm.wasm'"), { code: 'ENOENT' });
      return 'loaded';
    });
    await expect(load()).rejects.toMatchObject({ code: 'READ_FAILED', message: 'node-sqlite3-wasm could not be loaded (ENOENT)' });
    expect(await load()).toBe('loaded');
  });
});

describe('packageFile', () => {
  it("reads a file of an installed package, and a missing one is READ_FAILED", async () => {
    expect((await packageFile('7z-wasm', 'package.json')()).toString()).toContain('"name"');
    await expect(packageFile('7z-wasm', 'no-such.wasm')()).rejects.toMatchObject({ code: 'READ_FAILED' });
  });
});
