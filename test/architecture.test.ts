/**
 * The walls between the areas, read from the import graph of the sources:
 *
 * | Rule                                                                 | Why                                         |
 * |----------------------------------------------------------------------|---------------------------------------------|
 * | no import circle                                                     | each file can be read (and tested) alone    |
 * | nothing in lambdas/ imports lib/                                     | a Lambda bundle never loads aws-cdk-lib     |
 * | contract/ imports only contract/ and zod                             | the stack, Lambdas and CLI can all load it  |
 * | bin/ imports lib/ and each lambdas/<area>/ only through its index.ts | the areas' public API is their barrel       |
 */
import { describe, expect, it } from 'vitest';
import { importCycles, importEdges } from './support/import-graph.js';

const edges = importEdges(['bin', 'lib', 'lambdas', 'contract', 'scripts', 'synthetic']);

/**
 * Circles another change removes; delete the entry when it is gone. Nothing may join this list (the
 * shredder's evidence.ts / inventory-evidence.ts circle is gone: both take their types from
 * evidence-model.ts).
 */
const KNOWN_CYCLES: readonly string[] = [];

/** Deep imports from bin/ allowed anyway: none. Export the name from the area's index.ts instead. */
const KNOWN_DEEP_IMPORTS: readonly string[] = [];

/** The area a repo file belongs to, for the barrel rule: `lib`, `lambdas/<area>` or undefined. */
function barrelArea(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'lib') return 'lib';
  if (parts[0] === 'lambdas' && parts.length > 2) return `lambdas/${parts[1]}`;
  return undefined;
}

describe('architecture', () => {
  it('reads a graph of the whole source tree', () => {
    expect(edges.filter((e) => e.from.startsWith('lib/')).length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'lib/shredlock-stack.ts' && e.to === 'lib/acknowledgements.ts')).toBe(true);
  });

  it('has no import circle', () => {
    const cycles = importCycles(edges).filter((c) => !KNOWN_CYCLES.includes([...c].sort().join(' ')));
    expect(cycles).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const edge = (from: string, to: string) => ({ from, to, external: false, typeOnly: false });
    expect(importCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts')])).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles([edge('a.ts', 'b.ts'), edge('a.ts', 'c.ts'), edge('c.ts', 'b.ts')])).toEqual([]);
  });

  it('has no arrow from lambdas/ to lib/', () => {
    expect(edges.filter((e) => e.from.startsWith('lambdas/') && e.to.startsWith('lib/'))).toEqual([]);
  });

  it('keeps contract/ free of aws-cdk-lib, the AWS SDK and the other areas', () => {
    const contract = edges.filter((e) => e.from.startsWith('contract/'));
    expect(contract.length).toBeGreaterThan(10);
    const outside = contract.filter((e) => (e.external ? e.to !== 'zod' : !e.to.startsWith('contract/')));
    expect(outside).toEqual([]);
  });

  it('lets bin/ into lib/ and lambdas/<area>/ only through their index.ts', () => {
    const deep = edges
      .filter((e) => e.from.startsWith('bin/') && !e.external)
      .filter((e) => {
        const area = barrelArea(e.to);
        return area !== undefined && e.to !== `${area}/index.ts`;
      })
      .map((e) => `${e.from} -> ${e.to}`)
      .filter((e) => !KNOWN_DEEP_IMPORTS.includes(e));
    expect(deep).toEqual([]);
  });
});
