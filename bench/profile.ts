/**
 * Where the engine's time goes: a V8 CPU profile (`node --cpu-prof`) of one run of the bundled
 * engine, summed by self time per source file and per function. Self time is the time spent in a
 * function's own code (a regular expression's matching counts in the function that calls exec or
 * test; garbage collection and code V8 cannot attribute show as `(garbage collector)` and
 * `(program)`). Idle time is not CPU time and is left out. Frames in the bundle are named by the
 * source file esbuild marks before each module (`// lambdas/engine/dispatch.ts`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a .cpuprofile file read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One line of a summary: a name and its share of all sampled time. */
export interface ProfileLine {
  readonly name: string;
  readonly share: number;
}

/** Self time by file and by function, largest first, `top` lines each. */
export interface ProfileSummary {
  readonly byFile: readonly ProfileLine[];
  readonly byFunction: readonly ProfileLine[];
}

/** Source file of a 0-based line of a bundle. */
export type BundleLines = (line: number) => string | undefined;

/**
 * The files of a bundle folder (the entry and the chunks esbuild splits out), each by its folder
 * and file name (`<hash>/chunk-X.mjs`), with its lines' source files.
 */
export type BundleFiles = ReadonlyMap<string, BundleLines>;

/** A file's key in BundleFiles: its last two path parts (node may report a bundle through a symlink's target). */
export function bundleKey(url: string): string {
  return url.split('/').slice(-2).join('/');
}

/** Every .mjs file of the bundle folder holding `entry` (a file: URL), for summarizeProfile. */
export async function readBundleFiles(entry: URL): Promise<BundleFiles> {
  const folder = new URL('.', entry);
  const files = new Map<string, BundleLines>();
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.mjs')) continue;
    const url = new URL(name, folder);
    files.set(bundleKey(url.href), bundleLines(await readFile(url, 'utf8')));
  }
  return files;
}

/** The source files of a non-minified esbuild bundle, by line: each module starts after its `// path` comment. */
export function bundleLines(bundle: string): BundleLines {
  const starts: [number, string][] = [];
  bundle.split('\n').forEach((text, line) => {
    const m = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(text);
    if (m) starts.push([line, m[1]!]);
  });
  return (line) => {
    let found: string | undefined;
    for (const [start, file] of starts) {
      if (start > line) break;
      found = file;
    }
    return found;
  };
}

/** The file of a frame: the bundle's module, or the project-relative path of a package's script. */
function fileName(url: string, line: number, bundle: BundleFiles): string {
  if (url === '') return '(native)';
  const lines = bundle.get(bundleKey(url));
  if (lines !== undefined) return lines(line) ?? '(bundle)';
  const at = url.search(/\/node_modules\//);
  return at >= 0 ? url.slice(at + 1) : url.split('/').slice(-2).join('/');
}

/** Longest name printed: a regular expression's frame is named by its whole source. */
const NAME_CHARS = 80;

function shortened(name: string): string {
  return name.length <= NAME_CHARS ? name : `${name.slice(0, NAME_CHARS - 1)}…`;
}

/** Sums self time of a profile of a bundle's run by file and by function, without idle time. */
export function summarizeProfile(profile: CpuProfile, bundle: BundleFiles, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!frame || micros <= 0 || frame.functionName === '(idle)') return;
    total += micros;
    const file = fileName(frame.url, frame.lineNumber, bundle);
    const fn = frame.url === '' ? shortened(frame.functionName || '(anonymous)') : `${frame.functionName || '(anonymous)'} (${file})`;
    files.set(file, (files.get(file) ?? 0) + micros);
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  });
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, share: total > 0 ? micros / total : 0 }));
  return { byFile: ranked(files), byFunction: ranked(functions) };
}

/** Reads the one .cpuprofile node wrote into `dir`. */
export async function readProfile(dir: string): Promise<CpuProfile> {
  const name = (await readdir(dir)).find((n) => n.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile;
}
