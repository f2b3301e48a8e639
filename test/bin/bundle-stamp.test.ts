// bin/bundle.mjs: a bundle is reused from its stamp while no input changed, and rebuilt when one did.
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ROOT, bundleEntries } from '../../bin/bundle.mjs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-stamp-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bundleEntries', () => {
  it('records a stamp, reuses its folder while the inputs are unchanged, and rebuilds when an input changes', async () => {
    // Prepare: an entry that imports a second file
    const entry = join(dir, 'entry.ts');
    const part = join(dir, 'part.ts');
    await writeFile(part, 'export const value: number = 1;\n');
    await writeFile(entry, "import { value } from './part.ts';\nexport const doubled = value * 2;\n");
    const entries = { entry: pathToFileURL(entry) };
    // Act
    const first = await bundleEntries(entries);
    const again = await bundleEntries(entries);
    // Assess: a stamp beside the folders, the same folder the second time
    expect((await readdir(BUNDLE_ROOT)).some((n) => /^stamp-[0-9a-f]{16}\.json$/.test(n))).toBe(true);
    expect(again.entry.href).toBe(first.entry.href);
    expect(((await import(first.entry.href)) as { doubled: number }).doubled).toBe(2);

    // Act: the imported file changes, its size kept (only its time tells)
    await writeFile(part, 'export const value: number = 4;\n');
    await utimes(part, new Date(), new Date(Date.now() + 5000));
    const changed = await bundleEntries(entries);
    // Assess: a new folder with the new code
    expect(changed.entry.href).not.toBe(first.entry.href);
    expect(((await import(changed.entry.href)) as { doubled: number }).doubled).toBe(8);

    // Act: touched without a change of content
    await utimes(part, new Date(), new Date(Date.now() + 10_000));
    const touched = await bundleEntries(entries);
    // Assess: rebuilt, and the same content lands in the same folder
    expect(touched.entry.href).toBe(changed.entry.href);
  });
});
