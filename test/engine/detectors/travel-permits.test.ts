import { describe, expect, it } from 'vitest';
import { travelPermitHkMoDetector } from '../../../lambdas/engine/detectors/travel-permit-hk-mo.js';
import { travelPermitTwDetector } from '../../../lambdas/engine/detectors/travel-permit-tw.js';
import { findType, onlyFinding } from './find.js';

describe('cn_travel_permit_hk_mo detector', () => {
  it.each([
    ['回乡证：H12345678', 'H12345678'],
    ['港澳居民来往内地通行证 M87654321', 'M87654321'],
    ['回乡证号码 H1234567801', 'H1234567801'],
    ['Home Return Permit: H12345678', 'H12345678'],
  ])('finds %j with context', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_travel_permit_hk_mo', detector: travelPermitHkMoDetector.id, basis: 'context', value });
  });

  it.each([['MTP 12345678'], ['mtp号码：87654321']])('finds %j after the permit\'s initials', (text) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_travel_permit_tw', basis: 'context' });
  });

  it('finds a permit under a column header', () => {
    expect(onlyFinding('H12345678', '回乡证号')).toMatchObject({ type: 'cn_travel_permit_hk_mo' });
  });

  it.each([
    ['H12345678', 'no context'],
    ['回乡证 H1234567', 'seven digits'],
    ['回乡证 H123456789', 'nine digits'],
    ['回乡证 C12345678', 'C is the mainland exit permit, not this one'],
    ['回乡证 SKU-H12345678', 'inside a dash-joined code'],
    ['回乡证 h12345678', 'lower case'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_travel_permit_hk_mo')).toEqual([]);
  });
});

describe('cn_travel_permit_tw detector', () => {
  it.each([
    ['台胞证：12345678', '12345678'],
    ['台湾居民来往大陆通行证 87654321', '87654321'],
    ['台胞证号 1234567801', '1234567801'],
    ['台胞证号 12345678(01)', '12345678(01)'],
    ['台胞证号 12345678(B)', '12345678(B)'],
  ])('finds %j with context', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_travel_permit_tw', detector: travelPermitTwDetector.id, basis: 'context', value });
  });

  it.each([['MTP 12345678'], ['mtp号码：87654321']])('finds %j after the permit\'s initials', (text) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_travel_permit_tw', basis: 'context' });
  });

  it('finds a permit under a column header', () => {
    expect(onlyFinding('12345678', '台胞证号码')).toMatchObject({ type: 'cn_travel_permit_tw' });
  });

  it.each([
    ['12345678', 'no context'],
    ['台胞证 1234567', 'seven digits'],
    ['台胞证 123456789', 'nine digits'],
    ['台胞证 2024-12345678', 'tail of a dash-joined run'],
    ['台胞证 12345678-01', 'head of a dash-joined run'],
    ['smtp relay: queued as 12345678', 'the mtp of smtp (a mail log)'],
    ['SMTP 250 OK id=87654321', 'the MTP of SMTP'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_travel_permit_tw')).toEqual([]);
  });
});
