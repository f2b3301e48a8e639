/**
 * One benchmark measurement in its own process, so peak RSS belongs to it alone.
 * Usage: node measure.mjs engine|bare|bytes|ids PATH   -> prints one JSON line (or the two in
 * SHREDLOCK_BENCH_MODE and SHREDLOCK_BENCH_PATH).
 * PATH is a file or a folder (its files one after another, in the CLI's order, on one thread).
 * `bare` is the engine with no detectors: reading, decoding, windowing and the one character walk.
 * `ids` counts resident IDs at the byte level (byte-ids.ts). It reports the CPU seconds spent
 * before the first file and on each file, for the engine's start (bench/jobs.ts).
 */
import { createReadStream } from 'node:fs';
import { scanSource } from '../lambdas/engine/scan.js';
import { fileSource, listLocalObjects } from '../bin/local-files.js';
import { residentIdsIn } from './byte-ids.js';
import { peakRssMiB } from './peak-rss.js';

// Started as Lambda starts its runtime (bench/engine.bench.ts), the script comes last on node's
// command line, after the wrapper's flags: the mode and path then come in the environment.
const [mode, path] = process.argv.length > 2 ? process.argv.slice(2) : [process.env.SHREDLOCK_BENCH_MODE ?? '', process.env.SHREDLOCK_BENCH_PATH ?? ''];
if (!['engine', 'bare', 'bytes', 'ids'].includes(mode) || !path) {
  process.stderr.write('usage: measure.mjs engine|bare|bytes|ids PATH\n');
  process.exit(2);
}
const files = [];
for await (const object of listLocalObjects([path])) files.push(object);
const started = process.hrtime.bigint();
// Node and the engine's modules, loaded before the first file (the engine's start, bench/jobs.ts).
const cpu = process.cpuUsage();
const loadCpuSeconds = (cpu.user + cpu.system) / 1e6;
const fileCpuSeconds: number[] = [];
let bytes = 0;
let findings = 0;
let residentIds = 0;
let checksum = 0;
/** What the engine made of each file: its level, or the error it failed with (the hostile set's table). */
const outcomes: string[] = [];
for (const { key, path: file, size } of files) {
  const fileCpu = process.cpuUsage();
  bytes += size;
  if (mode === 'bytes') {
    // The JavaScript floor: read the same stream and touch every byte once.
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      for (let i = 0; i < b.length; i++) checksum = (checksum + b[i]) | 0;
    }
  } else if (mode === 'ids') {
    residentIds += await residentIdsIn(file);
  } else {
    const report = await scanSource(fileSource(file, size), key, { maxFindings: 10, detectors: mode === 'bare' ? [] : undefined });
    findings += Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0);
    residentIds += report.counts.cn_resident_id ?? 0;
    outcomes.push(report.error === undefined ? report.sensitivity : `${report.sensitivity} (${report.error.code})`);
  }
  const fileUsed = process.cpuUsage(fileCpu);
  fileCpuSeconds.push((fileUsed.user + fileUsed.system) / 1e6);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
const maxRssMiB = peakRssMiB();
process.stdout.write(
  JSON.stringify({ mode, files: files.length, bytes, seconds, cpuSeconds, maxRssMiB, findings, residentIds, checksum, loadCpuSeconds, fileCpuSeconds, outcomes }) + '\n',
);
