import { describe, expect, it } from 'vitest';
import { decodeFormKey, decodeListedKey, keyDecoder } from '../../lambdas/aws/listed-key.js';
import { isS3Error } from '../../lambdas/aws/errors.js';
import { encodeListVersionsXml } from '../support/moto-listing-encoding.js';

describe('decodeListedKey', () => {
  it.each([
    ['exports/evil%0D.csv', 'exports/evil\r.csv'],
    ['a%0Ab', 'a\nb'],
    ['a%09b', 'a\tb'],
    ['two+spaces%20', 'two spaces '],
    ['plus%2Bsign', 'plus+sign'],
    ['per%2525cent', 'per%25cent'],
    ['emoji%F0%9F%98%80', 'emoji😀'],
  ])('%s decodes to its key, once', (encoded, key) => {
    expect(decodeListedKey(encoded, 'ListObjectVersions', 'b')).toBe(key);
  });

  it('throws an S3Error for a key that does not decode, never skipping it', () => {
    expect(decodeFormKey('bad%E0%A4%A')).toBeUndefined();
    let thrown: unknown;
    try {
      decodeListedKey('bad%ZZ', 'ListObjectVersions', 'b');
    } catch (error) {
      thrown = error;
    }
    expect(isS3Error(thrown) && thrown.code).toBe('S3_FAILED');
  });

  it('decodes only when the answer says its keys are URL-encoded', () => {
    expect(keyDecoder('url', 'ListObjectsV2', 'b')('a%25')).toBe('a%');
    expect(keyDecoder(undefined, 'ListObjectsV2', 'b')('a%25')).toBe('a%25');
  });
});

describe('the moto listing shim (test support)', () => {
  it('encodes keys and markers as S3 does, from the raw XML text', () => {
    const xml = '<ListVersionsResult xmlns="x"><KeyMarker></KeyMarker><NextKeyMarker>a\r&amp;b</NextKeyMarker><Version><Key>c d+e</Key></Version></ListVersionsResult>';
    expect(encodeListVersionsXml(xml)).toBe(
      '<ListVersionsResult xmlns="x"><EncodingType>url</EncodingType><KeyMarker></KeyMarker><NextKeyMarker>a%0D%26b</NextKeyMarker><Version><Key>c%20d%2Be</Key></Version></ListVersionsResult>',
    );
  });
});
