/**
 * `npm run demo`: generates a closing company's sample exports (synthetic data, correct checksums)
 * into .demo/exports and scans them with `shredlock scan`, printing the report table.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../bin/shredlock.js';
import { writeExports } from '../synthetic/exports.js';

const dir = join('.demo', 'exports');
await rm(dir, { recursive: true, force: true });
const files = await writeExports(dir);
process.stdout.write(`Generated ${files.length} sample exports of a closing company in ${dir}:\n`);
for (const f of files) process.stdout.write(`  ${f.name.padEnd(34)} expected ${f.expected.padEnd(12)} ${f.about}\n`);
process.stdout.write(`\n$ shredlock scan ${dir}\n\n`);
const code = await main(['scan', dir, '--no-progress']);
process.exitCode = code;
