/**
 * One benchmark measurement in its own process, so peak RSS belongs to it alone.
 * Usage: tsx bench/measure.ts engine|bare|bytes FILE   -> prints one JSON line.
 * `bare` is the engine with no detectors: reading, decoding, windowing and the one character walk.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { scanSource } from '../lambdas/engine/scan.js';
import { fileSource } from '../bin/local-files.js';

const [mode, file] = process.argv.slice(2);
const size = (await stat(file)).size;
const started = process.hrtime.bigint();
let detail: Record<string, unknown> = {};

if (mode === 'bytes') {
  // The JavaScript floor: read the same stream and touch every byte once.
  let sum = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]) | 0;
  }
  detail = { checksum: sum };
} else if (mode === 'engine' || mode === 'bare') {
  const detectors = mode === 'bare' ? [] : undefined;
  const report = await scanSource(fileSource(file, size), 'bench', { maxFindings: 10, detectors });
  detail = { sensitivity: report.sensitivity, findings: Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0), error: report.error?.code };
} else {
  process.stderr.write('usage: measure.ts engine|bare|bytes FILE\n');
  process.exit(2);
}

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ mode, bytes: size, seconds, maxRssMiB, ...detail }) + '\n');
