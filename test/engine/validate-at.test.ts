/**
 * The matcher validates most candidates in place (`Detector.validateAt`, checksums on offsets)
 * instead of on a sliced, compacted copy. These tests hold the in-place forms to the string
 * forms: same verdict on every generated value, look-alike and random run, at any offset.
 */
import { describe, expect, it } from 'vitest';
import { isBirthDateValid, isBirthDateValidAt, isGb11643Valid, isGb11643ValidAt, isProvinceCode, isProvinceCodeAt, isResidentIdValid, isResidentIdValidAt } from '../../lambdas/engine/checksums/gb11643.js';
import { isGb32100Valid, isGb32100ValidAt, USCC_CHARSET } from '../../lambdas/engine/checksums/gb32100.js';
import { isLuhnValid, isLuhnValidAt } from '../../lambdas/engine/checksums/luhn.js';
import { isKnownIssuer, isKnownIssuerAt } from '../../lambdas/engine/detectors/bank-card.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { SEPARATORS, compact, isSeparatorCode, normalize } from '../../lambdas/engine/normalize.js';
import { Rng } from '../../synthetic/random.js';
import { exportsFixtures } from './dispatch-fixtures.js';

/** Values the validators see: every match of every pattern in the fixtures, plus random runs. */
function sampleValues(): string[] {
  const rng = new Rng('validate-at');
  const values = new Set<string>();
  for (const text of exportsFixtures().map(normalize)) {
    for (const d of DETECTORS) {
      for (const p of d.patterns) {
        for (const m of text.matchAll(new RegExp(p.regex.source, 'g'))) values.add(d.verbatim ? m[0] : compact(m[0]));
      }
    }
  }
  for (let i = 0; i < 3000; i++) {
    values.add(rng.digits(rng.int(0, 20)));
    values.add(Array.from({ length: rng.pick([9, 17, 18, 19]) }, () => rng.pick(USCC_CHARSET + 'xXIOZ')).join(''));
    values.add(`${rng.int(0, 300)}.${rng.int(0, 300)}.${rng.int(0, 300)}.${rng.int(0, 300)}`);
  }
  return [...values];
}

const values = sampleValues();
/** Digits and letters around the value, so an offset error reads a wrong character. */
const BEFORE = '7X3';
const AFTER = '15x';

describe('validateAt agrees with validate', () => {
  const withValidateAt = DETECTORS.filter((d) => d.validateAt !== undefined);

  it('is declared by the detectors that validate', () => {
    expect(withValidateAt.map((d) => d.id)).toEqual(DETECTORS.filter((d) => d.validate !== undefined).map((d) => d.id));
  });

  it.each(withValidateAt.map((d) => [d.id, d] as const))('%s: same verdict on every sampled value, at an offset', (_id, d) => {
    for (const p of d.patterns) {
      for (const v of values) {
        const at = d.validateAt!(BEFORE + v + AFTER, BEFORE.length, BEFORE.length + v.length, p.name);
        expect(at, `${p.name} ${v}`).toBe(d.validate!(v, p.name));
      }
    }
  });
});

describe('checksums on offsets agree with the string forms', () => {
  const at = <T>(f: (text: string, start: number, end: number) => T, v: string): T => f(BEFORE + v + AFTER, BEFORE.length, BEFORE.length + v.length);

  it('agree on every sampled value', () => {
    for (const v of values) {
      expect(at(isLuhnValidAt, v), v).toBe(isLuhnValid(v));
      expect(at(isGb32100ValidAt, v), v).toBe(isGb32100Valid(v));
      expect(at(isGb11643ValidAt, v), v).toBe(isGb11643Valid(v));
      expect(at(isResidentIdValidAt, v), v).toBe(isResidentIdValid(v));
      expect(at(isKnownIssuerAt, v), v).toBe(isKnownIssuer(v));
      expect(isProvinceCodeAt(BEFORE + v, BEFORE.length), v).toBe(isProvinceCode(v));
      if (v.length >= 8) expect(isBirthDateValidAt(BEFORE + v, BEFORE.length + v.length - 8), v).toBe(isBirthDateValid(v.slice(-8)));
    }
  });

  it('never read past the end of the text', () => {
    expect(isProvinceCodeAt('1', 0)).toBe(false);
    expect(isBirthDateValidAt('1990010', 0)).toBe(false);
    expect(isBirthDateValidAt('19900101', 1)).toBe(false);
  });
});

describe('isSeparatorCode', () => {
  it('matches exactly the code units SEPARATORS removes', () => {
    const one = new RegExp(SEPARATORS.source);
    const disagree: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSeparatorCode(c) !== one.test(String.fromCharCode(c))) disagree.push(c.toString(16));
    expect(disagree).toEqual([]);
  });
});
