// bench/profile.ts: where the engine's time goes, from a V8 CPU profile of the bundle.
import { describe, expect, it } from 'vitest';
import { bundleKey, bundleLines, summarizeProfile } from '../../bench/profile.js';

const BUNDLE = 'file:///repo/node_modules/.cache/shredlock/abc/measure.mjs';
const bundle = ['// intro', '', '// lambdas/engine/dispatch.ts', 'function dispatch() {}', 'function tryAt() {}', '// lambdas/engine/context.ts', 'function inText() {}'].join('\n');

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1) },
    { id: 2, callFrame: frame('dispatch', BUNDLE, 3) },
    { id: 3, callFrame: frame('tryAt', BUNDLE, 4) },
    { id: 4, callFrame: frame('inText', BUNDLE, 6) },
    { id: 5, callFrame: frame('(idle)', '', -1) },
    { id: 6, callFrame: frame('parse', 'file:///other/node_modules/pkg/index.js', 10) },
    { id: 7, callFrame: frame(`RegExp: ${'a|'.repeat(60)}b`, '', -1) },
  ],
  samples: [2, 3, 3, 4, 5, 5, 5, 6, 7],
  timeDeltas: [10, 10, 10, 10, 1000, 1000, 1000, 20, 0],
};

describe('bundleLines', () => {
  it('names the module a bundle line belongs to, from the comment before it; none before the first', () => {
    const lines = bundleLines(bundle);
    expect(lines(0)).toBeUndefined();
    expect(lines(3)).toBe('lambdas/engine/dispatch.ts');
    expect(lines(6)).toBe('lambdas/engine/context.ts');
  });
});

describe('summarizeProfile', () => {
  it('names frames of every file of the bundle folder (the entry and the chunks split out of it) by source file', () => {
    const CHUNK = 'file:///repo/node_modules/.cache/shredlock/abc/chunk-ABC.mjs';
    const chunk = ['// lambdas/engine/match.ts', 'function evaluate() {}'].join('\n');
    const twoFiles = {
      nodes: [...profile.nodes, { id: 8, callFrame: frame('evaluate', CHUNK, 1) }],
      samples: [2, 8, 8],
      timeDeltas: [10, 10, 20],
    };
    const bundleFiles = new Map([
      [bundleKey(BUNDLE), bundleLines(bundle)],
      [bundleKey(CHUNK), bundleLines(chunk)],
    ]);
    expect(summarizeProfile(twoFiles, bundleFiles).byFile).toEqual([
      { name: 'lambdas/engine/match.ts', share: 0.75 },
      { name: 'lambdas/engine/dispatch.ts', share: 0.25 },
    ]);
  });

  it("cuts a regular expression's long name to 80 characters", () => {
    const withRegex = { ...profile, timeDeltas: [10, 10, 10, 10, 1000, 1000, 1000, 20, 5] };
    const names = summarizeProfile(withRegex, new Map([[bundleKey(BUNDLE), bundleLines(bundle)]])).byFunction.map((l) => l.name);
    const regex = names.find((n) => n.startsWith('RegExp: '));
    expect(regex).toHaveLength(80);
    expect(regex!.endsWith('…')).toBe(true);
  });

  it('sums self time by source file and function, largest first, leaving idle time out', () => {
    // A symlinked node_modules makes node report the bundle under another folder: matched by its last parts.
    const summary = summarizeProfile(profile, new Map([[bundleKey('file:///elsewhere/abc/measure.mjs'), bundleLines(bundle)]]));
    expect(summary.byFile).toEqual([
      { name: 'lambdas/engine/dispatch.ts', share: 0.5 },
      { name: 'node_modules/pkg/index.js', share: 0.3333333333333333 },
      { name: 'lambdas/engine/context.ts', share: 1 / 6 },
    ]);
    expect(summary.byFunction.map((l) => l.name)).toEqual([
      'tryAt (lambdas/engine/dispatch.ts)',
      'parse (node_modules/pkg/index.js)',
      'dispatch (lambdas/engine/dispatch.ts)',
      'inText (lambdas/engine/context.ts)',
    ]);
  });
});
