import { describe, expect, it } from 'vitest';
import { ipv4Detector } from '../../../lambdas/engine/detectors/ipv4.js';
import { findType, onlyFinding } from './find.js';

const detector = ipv4Detector.id;

describe('ipv4 detector', () => {
  it.each([
    ['192.168.1.10', '192.168.1.10'],
    ['10.0.0.1', '10.0.0.1'],
    ['IP:203.0.113.5', '203.0.113.5'],
    ['登录IP 198.51.100.7。', '198.51.100.7'],
    ['223.255.255.254', '223.255.255.254'],
    ['from 10.1.2.3.', '10.1.2.3'],
    ['client=172.16.0.25,', '172.16.0.25'],
    ['１９２．１６８．１．１０', '１９２．１６８．１．１０'],
  ])('finds %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'ipv4', detector, pattern: 'dotted-quad', score: 0.6, basis: 'pattern', value });
  });

  it.each([
    ['256.1.1.1', 'octet over 255'],
    ['192.168.01.1', 'leading zero'],
    ['1.2.3', 'three parts'],
    ['1.2.3.4.5', 'inside a longer dotted run'],
    ['10.20.30.40.50', 'inside a longer dotted run'],
    ['10.0.19045.3803', 'a Windows build number'],
    ['v10.2.3.4', 'a v-prefixed version'],
    ['version 10.0.0.1', 'after a version word'],
    ['Version: 10.20.3.4', 'after a version word'],
    ['ver. 6.1.0.22', 'after a version word'],
    ['build 10.0.0.12', 'after a version word'],
    ['版本号:10.1.2.3', 'after a version word'],
    ['1.2.3.4', 'all single digits (a section number)'],
    ['8.8.8.8', 'all single digits (a public resolver)'],
    ['0.0.0.0', 'first octet 0'],
    ['127.0.0.1', 'loopback'],
    ['255.255.255.0', 'a netmask'],
    ['224.0.0.251', 'multicast'],
    ['a10.0.0.1', 'glued to a letter'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'ipv4')).toEqual([]);
  });

  it('raises the score with context', () => {
    expect(onlyFinding('IP地址 192.168.1.10')).toMatchObject({ score: 0.95, basis: 'context' });
  });
});
