import { describe, expect, it } from 'vitest';
import { canonicalValue, identityHash } from '../../lambdas/seal/identity.js';
import type { PiiType } from '../../lambdas/engine/types.js';
import { bankCard, mobile, residentId } from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';

const rng = new Rng('identity');
const id = residentId(rng, { checkX: true });
const phone = mobile(rng);
const card = bankCard(rng);
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const grouped = (s: string) => (s.match(/.{1,4}/g) ?? []).join(' ');

describe('canonicalValue', () => {
  it.each<[string, PiiType, string, string]>([
    ['an ID with a lower-case x', 'cn_resident_id', id.toLowerCase(), id],
    ['an ID grouped 6-8-4', 'cn_resident_id', `${id.slice(0, 6)} ${id.slice(6, 14)}-${id.slice(14)}`, id],
    ['a full-width ID', 'cn_resident_id', fullWidth(id), id],
    ['a mobile with +86', 'cn_mobile', `+86 ${phone}`, phone],
    ['a mobile with 0086', 'cn_mobile', `0086${phone}`, phone],
    ['a mobile with (+86), dashed', 'cn_mobile', `(+86)${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, phone],
    ['a card in groups of four', 'bank_card', grouped(card), card],
    ['a landline with +86', 'cn_landline', '+86 10 62345678', '01062345678'],
    ['a landline with 0086', 'cn_landline', '0086-10-62345678', '01062345678'],
    ['a landline in parentheses', 'cn_landline', '(010)62345678', '01062345678'],
    ['an email in capitals', 'email', 'Zhang.Wei@Example.COM', 'zhang.wei@example.com'],
    ['a passport in lower case', 'cn_passport', 'e12345678', 'E12345678'],
    ['a name with a space', 'cn_name', '张 伟', '张伟'],
  ])('brings %s to one form', (_, type, written, canonical) => {
    expect(canonicalValue(type, written)).toBe(canonical);
    expect(identityHash(type, written)).toBe(identityHash(type, canonical));
  });

  it('tells different identifiers and different types apart', () => {
    expect(identityHash('cn_mobile', phone)).not.toBe(identityHash('cn_mobile', mobile(rng)));
    expect(identityHash('cn_passport', 'E12345678')).not.toBe(identityHash('cn_hk_macau_permit', 'E12345678'));
  });
});
