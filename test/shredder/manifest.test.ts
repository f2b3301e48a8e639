import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, escapeManifestKey, manifestLine } from '../../lambdas/shredder/manifest.js';

describe('manifest', () => {
  it.each([
    ['plain/key.csv', 'plain/key.csv'],
    ['tab\there', 'tab\\there'],
    ['new\nline\r', 'new\\nline\\r'],
    ['back\\slash\\t', 'back\\\\slash\\\\t'],
    ['客户/名单.csv', '客户/名单.csv'],
  ])('escapes %j as %j', (key, escaped) => {
    expect(escapeManifestKey(key)).toBe(escaped);
  });

  it('writes one line per version with the ETag unquoted', () => {
    expect(manifestLine({ key: 'a b.csv', versionId: 'v1', etag: '"abc"' })).toBe('a b.csv\tv1\tabc\n');
  });

  it('sorts lines by UTF-8 bytes, whatever the input order, and hashes the text', () => {
    // Prepare: U+FF21 sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes
    const versions = [
      { key: '\u{1F600}.txt', versionId: 'v3', etag: 'c', size: 3 },
      { key: 'a', versionId: 'v2', etag: 'b', size: 2 },
      { key: '\uFF21.txt', versionId: 'v4', etag: 'd', size: 4 },
      { key: 'a', versionId: 'v1', etag: 'a', size: 1 },
    ];
    // Act
    const manifest = buildManifest(versions);
    const reversed = buildManifest([...versions].reverse());
    // Assess
    expect(manifest.text).toBe('a\tv1\ta\na\tv2\tb\n\uFF21.txt\tv4\td\n\u{1F600}.txt\tv3\tc\n');
    expect(manifest.sha256).toBe(createHash('sha256').update(manifest.text, 'utf8').digest('hex'));
    expect(reversed).toEqual(manifest);
    expect(manifest).toMatchObject({ count: 4, bytes: 10 });
  });

  it('hashes an empty manifest as the empty string', () => {
    expect(buildManifest([])).toEqual({ text: '', sha256: createHash('sha256').update('').digest('hex'), count: 0, bytes: 0 });
  });
});
