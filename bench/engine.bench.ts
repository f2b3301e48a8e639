/**
 * `npm run bench`: throughput and memory of the whole engine against a bare byte pass, and
 * against the engine with no detectors (what reading, decoding, windowing and walking the text
 * cost before any detector runs: the ceiling of this design).
 *
 * Generates (never commits) into .bench/: 100 MiB of customer CSV, 100 MiB of Chinese service
 * log, and a 1 GiB CSV. Each measurement runs in its own process so peak RSS is its own. The
 * engine is single-threaded, so MB/s of one process is MB/s per core.
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { csvText } from '../synthetic/files.js';
import { CUSTOMER_HEADER, customerRow, serviceLogLine } from '../synthetic/exports.js';
import { Rng } from '../synthetic/random.js';

const MiB = 1024 ** 2;
const dir = '.bench';

async function generate(path: string, bytes: number, header: string, line: (rng: Rng, i: number) => string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && existing.size >= bytes) return;
  process.stderr.write(`generating ${path} (${bytes / MiB} MiB)...\n`);
  const out = createWriteStream(path);
  const rng = new Rng(42);
  let written = 0;
  let batch = header;
  for (let i = 1; written < bytes; i++) {
    batch += line(rng, i);
    if (batch.length > 1 << 20) {
      written += Buffer.byteLength(batch);
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

interface Measurement {
  bytes: number;
  seconds: number;
  maxRssMiB: number;
  findings?: number;
}

// Measured as Lambda runs it: bundled by esbuild, on plain node (no TypeScript loader in the process).
const measureScript = join(dir, 'measure.mjs');

function measure(mode: 'engine' | 'bare' | 'bytes', file: string): Measurement {
  const out = execFileSync(process.execPath, [measureScript, mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
}

const csvRow = (rng: Rng, i: number): string => csvText([customerRow(rng, i)]);
const logLine = (rng: Rng, i: number): string => serviceLogLine(rng, new Date(Date.UTC(2024, 10, 1) + i * 1000)) + '\n';

await mkdir(dir, { recursive: true });
await build({
  entryPoints: [join('bench', 'measure.ts')],
  outfile: measureScript,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const csv = join(dir, 'customers-100m.csv');
const log = join(dir, 'service-100m.log');
const big = join(dir, 'customers-1g.csv');
await generate(csv, 100 * MiB, csvText([CUSTOMER_HEADER]), csvRow);
await generate(log, 100 * MiB, '', logLine);
await generate(big, 1024 * MiB, csvText([CUSTOMER_HEADER]), csvRow);

const rows: string[][] = [];
for (const [name, file] of [
  ['customer CSV', csv],
  ['service log (zh)', log],
] as const) {
  const engine = measure('engine', file);
  const bare = measure('bare', file);
  const floor = measure('bytes', file);
  const mbps = (m: Measurement) => m.bytes / MiB / m.seconds;
  rows.push([
    name,
    (engine.bytes / MiB).toFixed(0),
    mbps(engine).toFixed(1),
    mbps(bare).toFixed(1),
    mbps(floor).toFixed(1),
    (mbps(floor) / mbps(engine)).toFixed(2) + 'x',
    engine.maxRssMiB.toFixed(0),
    String(engine.findings),
  ]);
}
const huge = measure('engine', big);
rows.push([
  'customer CSV, 1 GiB',
  (huge.bytes / MiB).toFixed(0),
  (huge.bytes / MiB / huge.seconds).toFixed(1),
  '-',
  '-',
  '-',
  huge.maxRssMiB.toFixed(0),
  String(huge.findings),
]);

const header = ['dataset', 'MiB', 'engine MiB/s/core', 'no detectors MiB/s', 'byte pass MiB/s', 'ratio', 'engine peak RSS MiB', 'findings'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
process.stdout.write('targets: >= 250 MB/s (238 MiB/s) per core on the CSV, within 2.5x of the byte pass, < 150 MB RSS on 1 GB\n');
