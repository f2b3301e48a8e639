import { describe, expect, it } from 'vitest';
import { usccDetector } from '../../../lambdas/engine/detectors/uscc.js';
import { findType, onlyFinding } from './find.js';

const detector = usccDetector.id;

describe('cn_uscc detector', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['91110000802100433B', '91110000802100433B'],
    ['91440300MA5F001300', '91440300MA5F001300'], // check character 0 by the wrap
    ['统一社会信用代码：91440300MA5F12342Q。', '91440300MA5F12342Q'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '９１３５０１００Ｍ０００１００Ｙ４３'],
    ['91 110000 600037341L', '91 110000 600037341L'], // grouped 2-6-10, as registries print it
    ['91-350100-M000100Y43', '91-350100-M000100Y43'],
  ])('finds %j, confirmed by both check characters', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_uscc', detector, basis: 'checksum', score: 1, value });
  });

  it.each([
    ['91350100M000100Y44', 'mod 31 check wrong'],
    ['91440300MA5F12341M', 'mod 31 right, organization-code check wrong'],
    ['91350100m000100y43', 'lower case'],
    ['9135010OM000100Y43', 'O is outside the charset'],
    ['913501A0M000100Y43', 'letter in the region code'],
    ['X91350100M000100Y43', 'glued to a letter'],
    ['91350100M000100Y431', 'inside a longer run'],
    ['91350100M000100Y4', '17 characters'],
    ['91 350100 M000100Y44', 'grouped, mod 31 check wrong'],
    ['91 35010 0M000100Y43', 'grouped 2-5-11'],
    ['1 91 350100 M000100Y43', 'a later window of a grouped run'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(`统一社会信用代码 ${text}`, 'cn_uscc')).toEqual([]);
  });

  it('masks with the default mask', () => {
    expect(onlyFinding('91350100M000100Y43').masked).toBe('913*************43');
  });
});
