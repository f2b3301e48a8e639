/** What a bundle loads at once: its static imports, following the bundle's own chunks (`./chunk-….mjs`). */
import { readFile } from 'node:fs/promises';

/** The packages a bundled module imports statically, and the bundle files it reaches doing so. */
export async function eagerImports(entry: URL): Promise<{ packages: Set<string>; files: Set<string> }> {
  const packages = new Set<string>();
  const files = new Set<string>();
  const visit = async (file: URL): Promise<void> => {
    if (files.has(file.href)) return;
    files.add(file.href);
    const code = await readFile(file, 'utf8');
    // Static imports only: `import x from "p"`, `import { a } from "p"`, `import "p"` at a line start.
    for (const [, spec] of code.matchAll(/^import\s(?:[^'"]*?\sfrom\s)?["']([^"']+)["']/gm)) {
      if (spec.startsWith('./')) await visit(new URL(spec, file));
      else packages.add(spec);
    }
  };
  await visit(entry);
  return { packages, files };
}
