// bench/byte-ids.ts: the byte-level pass for resident IDs finds what the engine finds.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntries } from '../../bin/bundle.mjs';
import { CSV_HEADER, csvRow } from '../../bench/datasets.js';
import { generatorsByType } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'byte-ids-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bench/byte-ids.ts (measure.ts ids)', () => {
  it("counts the resident IDs of a customer CSV as the engine does, and none in a file of look-alike digit runs", async () => {
    // Prepare
    const rng = new Rng('byte-ids');
    const csv = join(dir, 'customers.csv');
    await writeFile(csv, [CSV_HEADER, ...Array.from({ length: 300 }, (_, i) => csvRow(rng, i))].join(''));
    const noise = join(dir, 'noise.txt');
    // A generated ID with a wrong check character, cut to 17, grown to 19, and with a letter inside.
    const id = generatorsByType.cn_resident_id(rng);
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    await writeFile(noise, [wrong, id.slice(0, 17), `${id}1`, `${id.slice(0, 10)}A${id.slice(11)}`].join(' ') + '\n');
    const { measure } = await bundleEntries({ measure: new URL('../../bench/measure.ts', import.meta.url) });
    const run = (mode: string, file: string) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(measure), mode, file], { encoding: 'utf8' }).trim());
    // Act
    const bytes = run('ids', csv);
    const engine = run('engine', csv);
    // Assess
    expect(engine.residentIds).toBeGreaterThan(200);
    expect(bytes.residentIds).toBe(engine.residentIds);
    expect(run('ids', noise).residentIds).toBe(0);
  }, 60_000);
});
