import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bareEtag } from '../../lambdas/aws/object-versions.js';
import { escapeKey, formatManifest, manifestSha256, parseManifest, unescapeKey } from '../../lambdas/seal/manifest.js';

describe('manifest', () => {
  it('writes one sorted line per version, key TAB version id TAB bare ETag', () => {
    // Prepare: out of order, and one key sorting differently by UTF-16 and by UTF-8 bytes
    const entries = [
      { key: 'b.csv', versionId: 'v2', etag: 'e2' },
      { key: 'a.csv', versionId: 'v9', etag: 'e9' },
      { key: 'a.csv', versionId: 'v1', etag: 'e1' },
      { key: '\u{1F600}.txt', versionId: 'v3', etag: 'e3' },
      { key: '\uFF21.txt', versionId: 'v4', etag: 'e4' },
    ];
    // Act
    const text = formatManifest(entries);
    // Assess: byte order, as `LC_ALL=C sort` gives (U+FF21 before U+1F600 in UTF-8)
    expect(text).toBe('a.csv\tv1\te1\na.csv\tv9\te9\nb.csv\tv2\te2\n\uFF21.txt\tv4\te4\n\u{1F600}.txt\tv3\te3\n');
    expect(manifestSha256(text)).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  });

  it.each([
    ['plain/key.csv', 'plain/key.csv'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash\\t', 'back\\\\slash\\\\t'],
    ['客户名单 张三.xlsx', '客户名单 张三.xlsx'],
  ])('escapes %j so that it reads back the same', (key, written) => {
    expect(escapeKey(key)).toBe(written);
    expect(unescapeKey(written)).toBe(key);
    expect(parseManifest(formatManifest([{ key, versionId: 'v', etag: 'e' }]))).toEqual([{ key, versionId: 'v', etag: 'e' }]);
  });

  it.each([
    ['no final newline', 'a\tv\te'],
    ['two fields', 'a\tv\n'],
    ['four fields', 'a\tv\te\tx\n'],
    ['an unknown escape', 'a\\q\tv\te\n'],
    ['an empty version id', 'a\t\te\n'],
  ])('rejects a manifest with %s', (_, text) => {
    expect(parseManifest(text)).toBeUndefined();
  });

  it('reads an empty manifest (an empty prefix) as no versions', () => {
    expect(formatManifest([])).toBe('');
    expect(parseManifest('')).toEqual([]);
  });

  it('takes the quotes off an ETag', () => {
    expect(bareEtag('"abc-2"')).toBe('abc-2');
    expect(bareEtag('abc')).toBe('abc');
    expect(bareEtag(undefined)).toBe('');
  });
});
