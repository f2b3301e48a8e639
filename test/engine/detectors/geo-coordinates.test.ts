import { describe, expect, it } from 'vitest';
import { geoCoordinatesDetector } from '../../../lambdas/engine/detectors/geo-coordinates.js';
import { findType, onlyFinding } from './find.js';

const detector = geoCoordinatesDetector.id;

describe('geo_coordinates detector', () => {
  it.each([
    ['31.230416,121.473701', '31.230416,121.473701'],
    ['位置 39.9042, 116.4074 附近', '39.9042, 116.4074'],
    ['[121.4737, 31.2304]', '121.4737, 31.2304'], // GeoJSON order
    ['22.543096\t114.057865', '22.543096\t114.057865'], // two TSV columns
    ['-33.8688, 151.2093', '33.8688, 151.2093'], // the sign is not part of the finding
  ])('finds the precise pair %j without context', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'geo_coordinates', detector, basis: 'checksum', value });
  });

  it.each([['坐标：31.23,121.47'], ['经纬度 39.9 116.4'], ['lat,lng\n39.90,116.40'], ['latlng: 39.90,116.40']])('finds a coarse pair %j with context', (text) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'geo_coordinates', basis: 'context' });
  });

  it.each([
    ['31.23,121.47', 'coarse, no context'],
    ['价格 525.81 元 12.50', 'prices'],
    ['0.1234, 0.5678', 'two numbers below 1'],
    ['95.123456, 181.123456', 'out of range both ways'],
    ['192.168.1.1, 10.0.0.1', 'IPv4 addresses'],
    ['10.0.19045.3803 5.6.15.18', 'versions'],
    ['31.230416,121.473701.5', 'part of a longer dotted run'],
    ['template 39.90,116.40', 'the lat of template'],
    ['plate 31.23,121.47', 'the lat of plate'],
    ['translation fee 31.23,121.47', 'the lat of translation'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'geo_coordinates')).toEqual([]);
  });

  it('masks all decimals but the first', () => {
    expect(onlyFinding('31.230416,121.473701').masked).toBe('31.2***,121.4***');
  });
});
