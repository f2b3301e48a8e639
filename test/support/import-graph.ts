/**
 * The import graph of the sources, read from their import and export lines (a regex, no compiler):
 * enough for the architecture rules, which only need which file names which module.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** One import: the importing file and what it names (a repo-relative file, or a package). */
export interface ImportEdge {
  /** Repo-relative path of the importing file, e.g. `lib/macie.ts`. */
  readonly from: string;
  /** Repo-relative path of the imported file, or the package name (`aws-cdk-lib/aws-s3`). */
  readonly to: string;
  /** True for a package, false for a file of the repository. */
  readonly external: boolean;
  /** `import type` / `export type`: erased at compile time. */
  readonly typeOnly: boolean;
}

// `import x from '…'`, `import { a } from '…'`, `export { a } from '…'`, `import '…'`, `import('…')`.
const SPECIFIER = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import of every `.ts` file under `roots` (repo-relative folders). */
export function importEdges(roots: readonly string[]): ImportEdge[] {
  return roots.flatMap((root) =>
    sourceFiles(join(REPO_ROOT, root)).flatMap((file) => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const from = relative(REPO_ROOT, file);
      return [...text.matchAll(SPECIFIER)].map((m): ImportEdge => {
        const specifier = (m[3] ?? m[4]) as string;
        const external = !specifier.startsWith('.');
        const to = external ? specifier : relative(REPO_ROOT, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        return { from, to, external, typeOnly: m[2] !== undefined };
      });
    }),
  );
}

/** Every import circle among the files (each once, as the list of files around it). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.external) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === 'open') {
        const cycle = stack.slice(stack.indexOf(to));
        cycles.set([...cycle].sort().join(' '), cycle);
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of next.keys()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}
