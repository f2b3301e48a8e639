/**
 * Geographic coordinates: a latitude/longitude pair (or longitude/latitude, GeoJSON's order) as
 * decimal degrees, separated by a comma, a space or a tab (so two CSV columns make one pair).
 * The pair is one finding. With 4-8 decimals on both numbers, in range (latitude up to 90,
 * longitude up to 180) and not both below 1, it is precise enough to report alone; with fewer
 * decimals it could be two prices or measurements, so it needs a context word.
 */
import type { Detector, Verdict } from '../types.js';
import { globalRegex } from './regex-parts.js';

const NUMBER = (decimals: string): string => `-?\\d{1,3}\\.\\d${decimals}`;
const SEPARATOR = '(?:[,，;\\t] ?| )';
const START = '(?<![0-9A-Za-z.\\-])';
const END = '(?![0-9A-Za-z]|\\.\\d)';

/** The two numbers of a pair as written (the separator found by its first non-number character). */
function numbersOf(value: string): [number, number] {
  const match = /^(-?\d+\.\d+)[^\d-]+(-?\d+\.\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
}

/** In range as latitude/longitude in either order, and not two numbers below 1 (probabilities, shares). */
export function validateCoordinates(value: string): Verdict {
  const [a, b] = numbersOf(value);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (Math.abs(a) < 1 && Math.abs(b) < 1) return false;
  const latLon = Math.abs(a) <= 90 && Math.abs(b) <= 180;
  const lonLat = Math.abs(a) <= 180 && Math.abs(b) <= 90;
  return latLon || lonLat ? undefined : false;
}

const TRIGGERS = [{ run: 'alnum', first: '0123456789', lengths: [[1, 3]], next: '.' }, { char: '-' }] as const;

/** Coordinates detector: `geo_coordinates`, precise pairs alone, coarse pairs only with context. */
export const geoCoordinatesDetector: Detector = {
  id: 'geo_coordinates.decimal',
  type: 'geo_coordinates',
  strength: 0.8,
  patterns: [
    {
      name: 'precise',
      regex: globalRegex(START, NUMBER('{4,8}'), SEPARATOR, NUMBER('{4,8}'), END),
      score: 0.6,
      triggers: TRIGGERS,
    },
    {
      name: 'coarse',
      regex: globalRegex(START, NUMBER('{1,8}'), SEPARATOR, NUMBER('{1,8}'), END),
      score: 0.2,
      triggers: TRIGGERS,
    },
  ],
  // Not `lon`: it is part of too many words (salon, long) to stand near a pair of prices.
  context: ['坐标', '经纬度', '经度', '纬度', '定位', 'gps', 'latitude', 'longitude', 'coordinate', 'lat', 'lng'],
  verbatim: true,
  validate: (value) => validateCoordinates(value),
  validateAt: (text, start, end) => validateCoordinates(text.slice(start, end)),
  mask: (value) => value.replace(/(\.\d)\d+/g, '$1***'),
};
