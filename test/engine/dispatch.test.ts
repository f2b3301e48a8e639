/**
 * Differential test of the one-pass matcher: on generated text full of identifiers, look-alikes,
 * labels and awkward neighbours, `matchWindow` must return exactly what a naive reference returns
 * (every pattern as its own global pass, context on a lower-cased copy, overlaps resolved on the
 * full list). The reference is the matcher as it was before dispatch, kept here and only here.
 */
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { defaultMask } from '../../lambdas/engine/mask.js';
import { planFor } from '../../lambdas/engine/dispatch.js';
import { matchWindow, type Candidate, type WindowOptions } from '../../lambdas/engine/match.js';
import { compact, normalize } from '../../lambdas/engine/normalize.js';
import type { Detector, Finding } from '../../lambdas/engine/types.js';
import { CONTEXT_LABELS, generatorsByType } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { exportsFixtures } from './dispatch-fixtures.js';

function referenceHasContext(
  detector: Detector,
  lower: string,
  start: number,
  end: number,
  header: string | undefined,
  sameLine: boolean,
): boolean {
  const words = detector.context ?? [];
  const headerWords = [...words, ...(detector.headerContext ?? [])];
  if (headerWords.length === 0) return false;
  let from = Math.max(0, start - 48);
  let to = Math.min(lower.length, end + 16);
  if (sameLine) {
    from = Math.max(from, lower.lastIndexOf('\n', start - 1) + 1);
    const nl = lower.indexOf('\n', end);
    if (nl >= 0) to = Math.min(to, nl);
  }
  return (
    words.some((w) => holdsWord(detector, lower, w, true, from, to, start)) || (header !== undefined && headerWords.some((w) => holdsWord(detector, header, w, false)))
  );
}

/**
 * True when the word at text[at, end) is written as a label (its name going on in letters, Han, `_`
 * or `-`, a quote, spaces, then `=>`, `:`, `：`, `=` or `>`) of another value than the one at `start`:
 * one before its sign, or one after another sign or after the object, array or element its sign
 * opens closes; an end tag's name (`</qq>`) none after it.
 */
function labelsAnother(text: string, at: number, end: number, start: number): boolean {
  if (text.slice(0, at).endsWith('</')) return start > at;
  const label = /^[a-z_\-\u4e00-\u9fff]{0,12}["']?[ \t]*(?:=>|[:：=>])/i.exec(text.slice(end));
  if (label === null) return false;
  const sign = end + label[0].length - 1;
  if (start <= sign) return true;
  // Tokens after the sign: what opens (a `{`, `[`, or after an element's name a start tag), what
  // closes, and other signs; after a colon, tags are markup, passed over whole.
  const element = label[0].endsWith('>') && !label[0].endsWith('=>');
  const between = text.slice(sign + 1, start);
  const tokens = element ? /[{[]|[}\]]|<\/|<[a-z_\-\u4e00-\u9fff]|[:：=>]/gi : /[{[]|[}\]]|<\/?[a-z_\-\u4e00-\u9fff][^>]*>|<\/?[a-z_\-\u4e00-\u9fff][^>]*$|[:：=>]/gi;
  let depth = 0;
  for (const [token] of between.matchAll(tokens)) {
    if (!element && token.startsWith('<')) {
      if (!token.endsWith('>')) return false; // a tag still open at the value: the value is in it
      continue;
    }
    if (token === '{' || token === '[' || (token.startsWith('<') && token !== '</')) depth++;
    else if (token === '}' || token === ']' || token === '</') {
      if (depth === 0) return true;
      depth--;
    } else if (depth === 0) return true;
  }
  return false;
}

/**
 * True when text[from, to) holds `word`; one of the detector's whole words only with no ASCII letter
 * beside it; in a text (not a header), one of its words apart in text only with no ASCII letter or
 * digit before it and no letter after it; none right after a word it does not count after; in a
 * text, none written as the label of another value than the one at `start`.
 */
function holdsWord(detector: Detector, text: string, word: string, inText: boolean, from = 0, to = text.length, start = 0): boolean {
  const whole = detector.wholeWords?.includes(word) ?? false;
  const apart = inText && (detector.apartInText?.includes(word) ?? false);
  for (let at = text.indexOf(word, from); at >= 0 && at + word.length <= to; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + word.length] ?? '';
    if ((whole || apart) && /[a-z]/i.test(before + after)) continue;
    if (apart && /[0-9]/.test(before)) continue;
    // A word it does not count after, joined or one `_`, `-` or space before it.
    const head = text.slice(0, at).toLowerCase().replace(/[_\- ]$/, '');
    if ((detector.contextNotAfter?.[word] ?? []).some((w) => head.endsWith(w))) continue;
    if (inText && !(detector.contextAfterValue ?? []).includes(word) && labelsAnother(text, at, at + word.length, start)) continue;
    return true;
  }
  return false;
}

function outranks(a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.detector.strength !== b.detector.strength) return a.detector.strength > b.detector.strength;
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  return a.start < b.start;
}

function referenceResolve(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let i = 0;
  while (i < candidates.length) {
    let j = i + 1;
    let clusterEnd = candidates[i].end;
    while (j < candidates.length && candidates[j].start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, candidates[j].end);
      j++;
    }
    const cluster = candidates.slice(i, j).sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
    const chosen: Candidate[] = [];
    for (const c of cluster) if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    i = j;
  }
  return kept;
}

/** The matcher before dispatch: one global pass per pattern. */
function referenceMatch(text: string, detectors: readonly Detector[], options: WindowOptions = {}): Candidate[] {
  const lower = text.toLowerCase();
  const found: Candidate[] = [];
  for (const detector of detectors) {
    for (const pattern of detector.patterns) {
      const regex = new RegExp(pattern.regex.source, 'g');
      regex.lastIndex = options.from ?? 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        const value = detector.verbatim ? m[0] : compact(m[0]);
        const verdict = detector.validate?.(value, pattern.name);
        if (verdict === false) continue;
        let score = verdict === true ? 1 : pattern.score;
        let basis: Finding['basis'] = verdict === true ? 'checksum' : 'pattern';
        const header = options.header?.(text, start);
        // A labelled pattern's label, right before the match, is its context.
        const context =
          pattern.labelled === true ||
          (pattern.headerOnly
            ? header !== undefined && [...(detector.context ?? []), ...(detector.headerContext ?? [])].some((w) => holdsWord(detector, header, w, false))
            : referenceHasContext(detector, lower, start, end, header, options.sameLine ?? false));
        if (score < 1 && context) {
          score = Math.min(1, score + 0.35);
          basis = verdict === true ? 'checksum' : 'context';
        }
        if (score < 0.5) continue;
        found.push({ detector, type: detector.type, pattern: pattern.name, start, end, score, basis, value });
      }
    }
  }
  return referenceResolve(found);
}

const show = (cs: Candidate[]) => cs.map((c) => `${c.start}-${c.end} ${c.detector.id}:${c.type}/${c.pattern} ${c.score} ${c.basis} ${defaultMask(c.value)}`);

describe('pattern triggers of the registry', () => {
  it('give every pattern a trigger, so no pattern needs a pass of its own', () => {
    for (const d of DETECTORS) for (const p of d.patterns) expect(p.triggers?.length ?? 0, `${d.id}/${p.name}`).toBeGreaterThan(0);
  });

  it('refuse a first-character set on a han trigger that may start inside a run', () => {
    const name = (inside: boolean): Detector[] => [
      {
        id: 'test.han',
        type: 'cn_name',
        strength: 0.1,
        patterns: [{ name: 'two', regex: /[\u4e00-\u9fff]{2}/g, score: 0.2, triggers: [{ run: 'han', lengths: [2], first: '王', inside }] }],
      },
    ];
    expect(() => planFor(name(true))).toThrow(/start at the run start/);
    expect(() => planFor(name(false))).not.toThrow();
  });

  it('refuse a labelled pattern with a trigger that names no label before the match', () => {
    const plan = (trigger: Detector['patterns'][number]['triggers']) => () =>
      planFor([{ id: 'test.labelled', type: 'cn_name', strength: 0.1, patterns: [{ name: 'p', regex: /(?<=客户:)[\u4e00-\u9fff]{2}/g, score: 0.2, labelled: true, triggers: trigger }] }]);
    expect(plan([{ run: 'han', lengths: [2] }])).toThrow(/labelled/);
    expect(plan([{ char: ':' }])).toThrow(/labelled/);
    expect(plan([{ run: 'han', lengths: [2], after: ['客户:', ''] }])).toThrow(/labelled/);
    expect(plan([{ run: 'han', lengths: [2], after: ['客户:'] }])).not.toThrow();
  });

  it('refuse `holds` on an alnum trigger, or of characters outside the Han range', () => {
    const plan = (trigger: Detector['patterns'][number]['triggers']) => () =>
      planFor([{ id: 'test.holds', type: 'cn_address', strength: 1, patterns: [{ name: 'p', regex: /[\u4e00-\u9fff]+号/g, score: 0.6, triggers: trigger }] }]);
    expect(plan([{ run: 'alnum', holds: { chars: '号', after: '一' } }])).toThrow(/holds/);
    expect(plan([{ run: 'han', holds: { chars: '号', after: '〇' } }])).toThrow(/holds/);
    expect(plan([{ run: 'han', holds: { chars: '号號', after: '一二' } }])).not.toThrow();
    // Starts before a held pair: inside a run only, a range of whole numbers.
    expect(plan([{ run: 'han', holds: { chars: '生', after: '先', starts: [2, 4] } }])).toThrow(/starts/);
    expect(plan([{ run: 'han', inside: true, holds: { chars: '生', after: '先', starts: [4, 2] } }])).toThrow(/starts/);
    expect(plan([{ run: 'han', inside: true, holds: { chars: '生', after: '先', starts: [2, 4] } }])).not.toThrow();
  });

  it('refuse `last` but on a han trigger with `next`, and of characters outside the Han range', () => {
    const plan = (trigger: Detector['patterns'][number]['triggers']) => () =>
      planFor([{ id: 'test.last', type: 'cn_address', strength: 1, patterns: [{ name: 'p', regex: /[\u4e00-\u9fff]+ \d+号/g, score: 0.6, triggers: trigger }] }]);
    expect(plan([{ run: 'alnum', next: ' ', last: '路' }])).toThrow(/`last`/);
    expect(plan([{ run: 'han', last: '路' }])).toThrow(/`last`/);
    expect(plan([{ run: 'han', next: ' ', last: 'x' }])).toThrow(/`last`/);
    expect(plan([{ run: 'han', next: ' ', last: '路', holds: { chars: '号', after: '一' } }])).toThrow(/`last`/);
    expect(plan([{ run: 'han', next: ' ', last: '路街' }])).not.toThrow();
  });

  it('try a han trigger with `last` only at a run that ends in one of its characters', () => {
    const detector: Detector = {
      id: 'test.last',
      type: 'cn_address',
      strength: 1,
      patterns: [{ name: 'p', regex: /(?<![\u4e00-\u9fff])[\u4e00-\u9fff]+ \d+号/g, score: 0.6, triggers: [{ run: 'han', next: ' ', last: '路' }] }],
    };
    const text = '光明路 649号，排队 35号，人民路 8号';
    expect(matchWindow(text, [detector]).map((c) => text.slice(c.start, c.end))).toEqual(['光明路 649号', '人民路 8号']);
  });

  it('share one Han group (and its table of label ends) between the classes that meet the same entries', () => {
    const plan = planFor(DETECTORS);
    const same = (a: (typeof plan.han)[number], b: (typeof plan.han)[number]) => a.entries.length === b.entries.length && a.entries.every((e, i) => e === b.entries[i]);
    for (const a of plan.han) for (const b of plan.han) if (same(a, b)) expect(a).toBe(b);
    expect(new Set(plan.han).size).toBeLessThan(plan.han.length);
  });

  it('refuse `end` without `next`, on a trigger or its `then`', () => {
    const plan = (trigger: Detector['patterns'][number]['triggers']) => () =>
      planFor([{ id: 'test.end', type: 'qq', strength: 1, patterns: [{ name: 'p', regex: /\d{8}/g, score: 0.6, triggers: trigger }] }]);
    expect(plan([{ run: 'alnum', lengths: [8], end: true }])).toThrow(/`end` needs `next`/);
    expect(plan([{ run: 'alnum', lengths: [4], next: ' ', then: { lengths: [4], end: true } }])).toThrow(/`end` needs `next`/);
    expect(plan([{ run: 'alnum', lengths: [8], next: ',', end: true }])).not.toThrow();
  });

  it('give `notAfter` only characters that the expression itself refuses before a match', () => {
    const rng = new Rng('not-after');
    let checked = 0;
    for (const d of DETECTORS) {
      for (const p of d.patterns) {
        for (const t of p.triggers ?? []) {
          if (!('run' in t) || t.notAfter === undefined) continue;
          const sticky = new RegExp(p.regex.source, 'y');
          const matchesAt1 = (text: string) => {
            sticky.lastIndex = 1;
            return sticky.test(text);
          };
          for (let i = 0; i < 40; i++) {
            const value = generatorsByType[d.type](rng);
            if (!matchesAt1(` ${value}`)) continue;
            checked++;
            for (const c of t.notAfter) expect(matchesAt1(`${c}${value}`), `${d.id}/${p.name} after ${c}`).toBe(false);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('give `then.follow` only characters that every match has there', () => {
    const rng = new Rng('then-follow');
    const alnum = /[0-9A-Za-z]*/y;
    const runEnd = (text: string, at: number) => {
      alnum.lastIndex = at;
      alnum.test(text);
      return alnum.lastIndex;
    };
    let checked = 0;
    for (const d of DETECTORS) {
      for (const p of d.patterns) {
        for (const t of p.triggers ?? []) {
          if (!('run' in t) || t.then?.follow === undefined) continue;
          const sticky = new RegExp(p.regex.source, 'y');
          for (let i = 0; i < 40; i++) {
            const text = ` ${generatorsByType[d.type](rng)}`;
            sticky.lastIndex = 1;
            if (!sticky.test(text)) continue;
            const afterRun = runEnd(text, 1);
            if (!t.next!.includes(text[afterRun])) continue; // a match this trigger does not start
            const afterThen = runEnd(text, afterRun + 1);
            checked++;
            expect(t.then.next!.includes(text[afterThen]), `${d.id}/${p.name}`).toBe(true);
            expect(t.then.follow.includes(text[afterThen + 1]), `${d.id}/${p.name} follow ${text[afterThen + 1]}`).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('mark as requiring context only detectors that cannot be reported without it', () => {
    for (const d of DETECTORS.filter((x) => x.requiresContext)) {
      expect(d.context?.length ?? 0).toBeGreaterThan(0);
      for (const p of d.patterns) expect(p.score).toBeLessThan(0.5);
    }
  });
});

describe('one-pass matcher against the reference', () => {
  const texts = exportsFixtures();

  it.each(texts.map((t, i) => [i, t] as const))('text %i finds the same candidates', (_i, raw) => {
    const text = normalize(raw);
    const headerOf = (h: string) => () => h;
    const variants: WindowOptions[] = [
      {},
      { from: 1 },
      { sameLine: true },
      { sameLine: true, header: headerOf('姓名'), headers: ['姓名'] },
      { sameLine: true, header: headerOf('护照号码'), headers: ['护照号码', 'x'] },
      { header: headerOf('passport'), headers: ['passport'] },
      { sameLine: true, header: headerOf('微信号'), headers: ['微信号', 'x'] },
      { sameLine: true, header: headerOf('聯絡電話'), headers: ['聯絡電話', 'x'] },
      { sameLine: true, header: headerOf('详细地址'), headers: ['详细地址', 'x'] },
      { sameLine: true, header: headerOf('出生年月'), headers: ['出生年月', 'x'] },
      { sameLine: true, header: headerOf('consignee'), headers: ['consignee', '乘客'] },
      { header: headerOf('备注') },
    ];
    for (const options of variants) {
      expect(show(matchWindow(text, DETECTORS, options))).toEqual(show(referenceMatch(text, DETECTORS, options)));
    }
  });

  it('matches the reference with an ad hoc detector that has no triggers (a global pass of its own)', () => {
    const adHoc: Detector = {
      id: 'test.six',
      type: 'cn_mobile',
      strength: 1,
      patterns: [{ name: 'six', regex: /(?<![0-9A-Za-z])\d{6}(?![0-9A-Za-z])/g, score: 0.6 }],
      validate: (v) => (v.endsWith('0') ? true : undefined),
    };
    const detectors = [adHoc, ...DETECTORS];
    for (const raw of texts.slice(0, 40)) {
      const text = normalize(raw);
      expect(show(matchWindow(text, detectors))).toEqual(show(referenceMatch(text, detectors)));
    }
  });

  it('tries a label-only detector only within reach of its label, exactly as the reference', () => {
    // Values before and after one label, at distances around CONTEXT_BEFORE, CONTEXT_AFTER and the
    // gate's reach (2 * MAX_MATCH_CHARS + CONTEXT_AFTER): a wrong bound shows up as a difference.
    const rng = new Rng('label-gate');
    const labelOnly = DETECTORS.filter((d) => d.requiresContext);
    const gaps = [0, 1, 15, 16, 17, 40, 47, 48, 49, 60, 200, 239, 240, 241, 479, 480, 481, 495, 496, 497, 520, 700];
    let reported = 0;
    for (const detector of labelOnly) {
      const value = () => generatorsByType[detector.type](rng);
      for (const gap of gaps) {
        const filler = 'x '.repeat(gap).slice(0, gap);
        const raw = `${value()} ${filler}${CONTEXT_LABELS[detector.type]}: ${value()} ${filler}${value()}, ${value()}\n${filler}${value()}`;
        const text = normalize(raw);
        const found = matchWindow(text, DETECTORS);
        expect(show(found), `${detector.id} gap ${gap}`).toEqual(show(referenceMatch(text, DETECTORS)));
        reported += found.filter((c) => c.detector === detector).length;
      }
    }
    expect(reported).toBeGreaterThan(labelOnly.length * gaps.length);
  });

  it('keeps nothing of the text before: short texts back to back (cells) equal the reference', () => {
    // Texts reuse one Run and one WindowScan; each pair puts the second text's `@`, triggers and
    // matches where the first one's were, so state left over from the first shows up in the second.
    const pairs = [
      ['ab cd@example.com', 'abxcd@example.com'],
      ['1.2345', '1.234.5.6 '],
      ['13812345678 13812345678', '13812345678 13812345678'],
      ['邮箱 a@b.cn 电话 13912345678', '邮箱 ab@b.cn 电话 13912345678'],
      ...exportsFixtures().slice(0, 20).map((t, i, all) => [t.slice(0, 300), all[(i + 1) % all.length].slice(0, 300)]),
      // A long text first: its Run takes Live sets, without the detectors it has no words for.
      ...exportsFixtures().slice(0, 20).map((t) => [`${'x '.repeat(3000)}13812345678`, t.slice(0, 300)]),
    ];
    for (const [first, second] of pairs) {
      matchWindow(normalize(first), DETECTORS);
      const text = normalize(second);
      expect(show(matchWindow(text, DETECTORS))).toEqual(show(referenceMatch(text, DETECTORS)));
    }
  });

  it('reports what it was given: the fixtures hold findings of every type', () => {
    const types = new Set(texts.flatMap((t) => referenceMatch(normalize(t), DETECTORS, { header: () => '姓名 护照 港澳通行证' }).map((c) => c.detector.type)));
    expect([...types].sort()).toEqual([...new Set(DETECTORS.map((d) => d.type))].sort());
  });
});
