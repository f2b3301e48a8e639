/**
 * The CLI's scan of one folder with `--jobs N`, in its own process (bundled beside the scan worker,
 * on plain node with the CLI's V8 flags, as bin/run.mjs runs the CLI), so peak RSS is that of the
 * main thread and its workers together. Usage (bench/engine.bench.ts does it):
 * node <COMMAND_LINE_V8_FLAGS> <bundle>/measure-cli.mjs PATH JOBS   -> prints one JSON line.
 * The time includes starting the workers, as a user waits for it.
 */
import { scanPaths } from '../bin/commands/scan.js';
import { peakRssMiB } from './peak-rss.js';

const [path, jobsArg] = process.argv.slice(2);
const jobs = Number(jobsArg);
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const report = await scanPaths([path], { jobs });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// getrusage of the whole process: the main thread, the workers and V8's helper threads.
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
const findings = Object.values(report.summary.byType).reduce((a, b) => a + (b ?? 0), 0);
const maxRssMiB = peakRssMiB();
// Since node started (its own start and the engine's loading included), as a worker's whole life.
const lifeSeconds = performance.now() / 1000;
process.stdout.write(
  JSON.stringify({ jobs, files: report.summary.objects, bytes: report.summary.bytes, seconds, lifeSeconds, cpuSeconds, maxRssMiB, findings, errors: report.summary.errors }) + '\n',
);
