/**
 * Reads the tag report's inputs from the local file system: one report file, or a folder searched
 * recursively for `*.json` and `*.jsonl` (a copy of the records bucket's `reports/`, a folder of
 * `shredlock scan --format json` reports, or both).
 *
 * In a folder, a tag report (`reports/tags/…/<run>.json`) of a run whose findings file
 * (`reports/scan/…/<run>.jsonl`) is there too is skipped: it describes the same scans, without
 * counts. Tag reports written by `shredlock report tags` itself are skipped, so the output folder
 * may be the input folder.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ReportInputError } from './errors.js';
import { parseReportFile } from './parse.js';
import type { ReportInput, ScanRun } from './types.js';
import { TAG_REPORT_TYPE } from './aggregate.js';

const REPORT_FILE = /\.(json|jsonl)$/;

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && REPORT_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

/** A report written by `shredlock report tags` (its `type` comes first), not an input. */
function isOwnOutput(text: string): boolean {
  return text.slice(0, 100).replace(/\s/g, '').startsWith(`{"type":"${TAG_REPORT_TYPE}"`);
}

/** Reads `path` (a report file or a folder of them) into scan runs. */
export async function loadLocalInput(path: string): Promise<ReportInput> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ReportInputError('INPUT_NOT_FOUND', path, 'no such file or folder', { cause: error });
  }
  const files = isDir ? (await walk(path)).sort() : [path];
  const runs: ScanRun[] = [];
  for (const file of files) {
    let text: string;
    let modified: Date;
    try {
      text = await readFile(file, 'utf8');
      modified = (await stat(file)).mtime;
    } catch (error) {
      throw new ReportInputError('INPUT_NOT_FOUND', file, (error as NodeJS.ErrnoException).code ?? 'unreadable', { cause: error });
    }
    if (isDir && isOwnOutput(text)) continue;
    // Name runs by their path inside the folder, so two folders of one run never collide.
    const source = isDir ? relative(path, file) || file : file;
    runs.push(parseReportFile(source, text, modified.toISOString().slice(0, 10)));
  }
  const findingsRuns = new Set(runs.filter((r) => r.format === 'findings').map((r) => r.id));
  const kept = runs.filter((r) => !(r.format === 'tag-report' && findingsRuns.has(r.id)));
  if (kept.length === 0) throw new ReportInputError('INPUT_EMPTY', path, 'no scan report, findings file (*.jsonl) or tag report found');
  return { kind: 'local', location: path, runs: kept };
}
