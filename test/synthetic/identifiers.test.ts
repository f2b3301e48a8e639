import { describe, expect, it } from 'vitest';
import { isLegacyResidentIdValid, isResidentIdValid } from '../../lambdas/engine/checksums/gb11643.js';
import { isGb32100Valid } from '../../lambdas/engine/checksums/gb32100.js';
import { isLuhnValid } from '../../lambdas/engine/checksums/luhn.js';
import { isKnownIssuer } from '../../lambdas/engine/detectors/bank-card.js';
import { findInText } from '../../lambdas/engine/match.js';
import { PII_TYPES, type PiiType } from '../../lambdas/engine/types.js';
import {
  CARD_LENGTHS,
  CONTEXT_LABELS,
  type CardNetwork,
  LANDLINE_FORMS,
  LOOKALIKE_KINDS,
  MOBILE_FORMS,
  bankCard,
  generatorsByType,
  hkMacauPermit,
  landline,
  legacyResidentId,
  lookalikes,
  mobile,
  passport,
  permanentResidenceId,
  residentId,
  uscc,
} from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';

const N = 200;
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

/** The one finding of `type` expected for `value` in `text`: its written value must be exactly `value`. */
function expectFound(text: string, value: string, type: PiiType): void {
  const findings = findInText(text);
  expect(findings.map((f) => [f.type, f.value]), text).toEqual([[type, value]]);
}

describe('valid identifiers', () => {
  it('resident IDs pass the full check, and the X option holds', () => {
    const rng = new Rng(11);
    for (const id of times(N, () => residentId(rng))) expect(isResidentIdValid(id), id).toBe(true);
    for (const id of times(20, () => residentId(rng, { checkX: true }))) expect(id).toMatch(/^\d{17}X$/);
    for (const id of times(20, () => residentId(rng, { checkX: false }))) expect(id).toMatch(/^\d{18}$/);
    for (const id of times(20, () => residentId(rng, { born: [2000, 2000] }))) expect(id.slice(6, 10)).toBe('2000');
  });

  it('legacy IDs have a province and a real date', () => {
    const rng = new Rng(12);
    for (const id of times(N, () => legacyResidentId(rng))) expect(isLegacyResidentIdValid(id), id).toBe(true);
  });

  it('bank cards pass Luhn in a known issuer range, at every length of their network', () => {
    const rng = new Rng(13);
    for (const network of Object.keys(CARD_LENGTHS) as CardNetwork[]) {
      for (const length of CARD_LENGTHS[network]) {
        for (const card of times(50, () => bankCard(rng, { network, length }))) {
          expect(card).toHaveLength(length);
          expect(isLuhnValid(card) && isKnownIssuer(card), card).toBe(true);
        }
      }
    }
    expect(() => bankCard(rng, { network: 'mastercard', length: 19 })).toThrow(RangeError);
    expect(() => bankCard(rng, { network: 'amex', length: 16 })).toThrow(RangeError);
  });

  it('permanent residence numbers pass the full check and start with 9 and a mainland province', () => {
    const rng = new Rng(21);
    for (const id of times(N, () => permanentResidenceId(rng))) {
      expect(isResidentIdValid(id), id).toBe(true);
      expect(id).toMatch(/^9[1-6]\d{15}[\dX]$/);
      expectFound(`x ${id} y`, id, 'cn_resident_id');
    }
  });

  it('USCCs pass both checks, including the check character 0 reached by the wrap', () => {
    const rng = new Rng(14);
    for (const code of times(N, () => uscc(rng))) expect(isGb32100Valid(code), code).toBe(true);
    const wrapped = uscc(rng, { checkChar: '0' });
    expect(wrapped.endsWith('0') && isGb32100Valid(wrapped)).toBe(true);
  });

  it.each(PII_TYPES)('every generated %s is found, with its label, as exactly that value', (type) => {
    const rng = new Rng(`labelled-${type}`);
    for (const value of times(N, () => generatorsByType[type](rng))) expectFound(`${CONTEXT_LABELS[type]}：${value}；`, value, type);
  });

  it.each(['cn_resident_id', 'cn_mobile', 'cn_landline', 'bank_card', 'cn_uscc', 'email', 'ipv4'] as const)(
    'every generated %s is found without context',
    (type) => {
      const rng = new Rng(`bare-${type}`);
      for (const value of times(N, () => generatorsByType[type](rng))) expectFound(`x ${value} y`, value, type);
    },
  );

  it.each(MOBILE_FORMS)('mobiles written %j are found', (form) => {
    const rng = new Rng(15);
    for (const value of times(50, () => mobile(rng, { form }))) expectFound(`tel ${value}`, value.trim(), 'cn_mobile');
  });

  it.each(LANDLINE_FORMS)('landlines written %j are found with context', (form) => {
    const rng = new Rng(16);
    for (const value of times(50, () => landline(rng, { form }))) expectFound(`电话 ${value}`, value, 'cn_landline');
  });

  it.each(['plain', 'spaced', 'dashed'] as const)('cards grouped %j are found', (grouping) => {
    const rng = new Rng(17);
    for (const network of Object.keys(CARD_LENGTHS) as CardNetwork[]) {
      for (const length of CARD_LENGTHS[network]) {
        for (const value of times(20, () => bankCard(rng, { network, length, grouping }))) expectFound(value, value, 'bank_card');
      }
    }
  });

  it('every passport and permit kind is found with context', () => {
    const rng = new Rng(18);
    for (const kind of ['e-digits', 'e-letter', 'g-digits'] as const) {
      for (const value of times(30, () => passport(rng, { kind }))) expectFound(`护照 ${value}`, value, 'cn_passport');
    }
    for (const kind of ['c-digits', 'c-letter', 'w-digits'] as const) {
      for (const value of times(30, () => hkMacauPermit(rng, { kind }))) expectFound(`港澳通行证 ${value}`, value, 'cn_hk_macau_permit');
    }
  });
});

describe('look-alikes', () => {
  it.each(LOOKALIKE_KINDS)('no detector reports a generated %s', (kind) => {
    const rng = new Rng(`lookalike-${kind}`);
    for (const value of times(N, () => lookalikes[kind](rng))) {
      expect(findInText(value), value).toEqual([]);
      expect(findInText(`ref ${value} end`), value).toEqual([]);
    }
  });

  it('include the shapes they promise', () => {
    const rng = new Rng(19);
    expect(lookalikes.orderNumber(rng)).toMatch(/^(?:DD|NO)?\d{20,22}$/);
    expect(lookalikes.timestampMs(rng)).toMatch(/^1[5-7]\d{11}$/);
    expect(lookalikes.ean13(rng)).toMatch(/^69\d{11}$/);
    expect(lookalikes.maskedMobile(rng)).toMatch(/^1\d\d\*{4}\d{4}$/);
    expect(lookalikes.maskedResidentId(rng)).toMatch(/^\d{6}\*{10}[\dX]{2}$/);
    const bad = lookalikes.badChecksumResidentId(rng);
    expect(isResidentIdValid(bad.slice(0, 17) + bad[17])).toBe(false);
    expect(isLuhnValid(lookalikes.luhnFailingCard(rng).replace(/\D/g, ''))).toBe(false);
  });

  it('computes a correct EAN-13 check digit', () => {
    const rng = new Rng(20);
    for (const code of times(50, () => lookalikes.ean13(rng))) {
      const sum = [...code].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
      expect(sum % 10).toBe(0);
    }
  });
});

describe('determinism', () => {
  const batch = (seed: number): string[] => {
    const rng = new Rng(seed);
    return [
      ...PII_TYPES.map((type) => generatorsByType[type](rng)),
      ...MOBILE_FORMS.map((form) => mobile(rng, { form })),
      ...LOOKALIKE_KINDS.map((kind) => lookalikes[kind](rng)),
    ];
  };

  it('gives the same data for the same seed and other data for another seed', () => {
    expect(batch(42)).toEqual(batch(42));
    expect(batch(42)).not.toEqual(batch(43));
  });
});
