import { describe, expect, it } from 'vitest';
import { ipv6Detector } from '../../../lambdas/engine/detectors/ipv6.js';
import { findType, onlyFinding } from './find.js';

const detector = ipv6Detector.id;

describe('ipv6 detector', () => {
  it.each([
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::8a2e:370:7334'],
    ['fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a'],
    ['fd12:3456:789a::1', 'fd12:3456:789a::1'],
    ['240e:3b4:1234:5678::abcd', '240e:3b4:1234:5678::abcd'],
    ['2001:db8::', '2001:db8::'],
    ['client [2001:db8::ff00:42:8329]:443', '2001:db8::ff00:42:8329'],
    ['IP地址：2001:db8::b6ab:4be；', '2001:db8::b6ab:4be'],
    ['2001:db8::ffff:192.0.2.1', '2001:db8::ffff:192.0.2.1'],
  ])('finds %j', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'ipv6', detector, value });
  });

  it.each([
    ['12:30:45', 'a clock time'],
    ['2024-11-27 12:30:45.123', 'a timestamp'],
    ['00:1a:2b:3c:4d:5e', 'a MAC address'],
    ['00-1A-2B-3C-4D-5E', 'a MAC address with dashes'],
    ['00:1a:2b:ff:fe:3c:4d:5e', 'an EUI-64 in MAC notation'],
    ['1::2', 'too short to tell'],
    ['10::30', 'too short to tell'],
    ['::1', 'loopback'],
    ['std::vector', 'C++'],
    ['v1:2:3:4:5:6:7:8', 'glued to a letter'],
    ['1.2.3', 'a version'],
    ['2001:db8::1::2', 'two ::'],
    ['ff02::1:ff00:1234', 'multicast'],
    ['abcd:ef01:2345:6789:abcd:ef01:2345:6789', 'not a device address range'],
    ['1234:5678::9abc', 'not a device address range'],
    ['2001:db8:0:0:0:0:0:0:1', 'nine groups'],
    ['2001:db8:12345::1', 'a five-digit group'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'ipv6')).toEqual([]);
  });

  it('masks all but the first two groups', () => {
    expect(onlyFinding('2001:db8:85a3::8a2e:370:7334').masked).toBe('2001:db8:****');
  });
});
