import { describe, expect, it } from 'vitest';
import { emailDetector } from '../../../lambdas/engine/detectors/email.js';
import { findType, onlyFinding } from './find.js';

const detector = emailDetector.id;

describe('email detector', () => {
  it.each([
    ['zhang.wei@example.com', 'zhang.wei@example.com'],
    ['li_na+tag@mail.example.org', 'li_na+tag@mail.example.org'],
    ['Wang.Fang88@Example.COM', 'Wang.Fang88@Example.COM'],
    ['邮箱zhang@example.cn，谢谢', 'zhang@example.cn'],
    ['<zhang@example.com>', 'zhang@example.com'],
    ['write to a@b.co.', 'a@b.co'],
    ['ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    // A mobile number as local part: the address outranks the phone.
    ['13812345678@example.com', '13812345678@example.com'],
  ])('finds %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'email', detector, pattern: 'address', value });
  });

  it.each([
    ['zhang@localhost', 'domain without a dot'],
    ['a@b', 'domain without a dot'],
    ['@example.com', 'no local part'],
    ['zhang@.example.com', 'empty label'],
    ['zhang@example.c', 'one-letter top-level label'],
    ['zhang@example.123', 'numeric top-level label'],
    ['zhang@-example.com', 'label starting with a dash'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'email')).toEqual([]);
  });

  it('masks the local part but its first character', () => {
    expect(onlyFinding('zhang.wei@example.com').masked).toBe('z***@example.com');
    expect(onlyFinding('li-na@my-shop.example.cn').masked).toBe('l***@my-shop.example.cn');
  });

  it('stays fast on a long run of local-part characters without an @', () => {
    const text = 'a.'.repeat(200_000);
    const started = performance.now();
    expect(findType(text, 'email')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
