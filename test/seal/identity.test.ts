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
    ['an address in English in capitals, at a sentence end', 'cn_address', 'FLAT 5, 10/F, 12 NATHAN ROAD, KOWLOON.', 'flat5,10/f,12nathanroad,kowloon'],
    ['an address in English, spaced otherwise', 'cn_address', 'Flat 5,10/F, 12 Nathan Road,Kowloon', 'flat5,10/f,12nathanroad,kowloon'],
    ['an address in Chinese with a space', 'cn_address', '广东省深圳市 南山区科技园路88号', '广东省深圳市南山区科技园路88号'],
  ])('brings %s to one form', (_, type, written, canonical) => {
    expect(canonicalValue(type, written)).toBe(canonical);
    expect(identityHash(type, written)).toBe(identityHash(type, canonical));
  });

  it('tells different identifiers and different types apart', () => {
    expect(identityHash('cn_mobile', phone)).not.toBe(identityHash('cn_mobile', mobile(rng)));
    expect(identityHash('cn_passport', 'E12345678')).not.toBe(identityHash('cn_hk_macau_permit', 'E12345678'));
  });
});
