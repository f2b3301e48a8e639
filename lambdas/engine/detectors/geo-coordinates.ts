/**
 * Geographic coordinates: a latitude/longitude pair (or longitude/latitude, GeoJSON's order) as
 * decimal degrees, separated by a comma, a space or a tab (so two CSV columns make one pair).
 * The pair is one finding. With 4-8 decimals on both numbers, in range (latitude up to 90,
 * longitude up to 180) and not both below 1, it is precise enough to report alone (validate
 * confirms it); with fewer decimals it could be two prices or measurements, so it needs a
 * context word. A minus sign before the first number is not part of the finding: the pattern
 * starts at a digit, so that it is not tried at every dash of a text.
 */
import type { Detector, Verdict } from '../types.js';
import { globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

const NUMBER = '\\d{1,3}\\.\\d{1,8}';
const SEPARATOR = '(?:[,;\\t] ?| )';
const START = '(?<![0-9A-Za-z.])';
const END = '(?![0-9A-Za-z]|\\.\\d)';
/** Decimals that make a pair precise enough to report without context. */
const PRECISE_DECIMALS = 4;

/**
 * The verdict on a pair: false out of range as latitude/longitude in either order or when both
 * numbers are below 1 (probabilities, shares); true with PRECISE_DECIMALS on both; otherwise
 * no opinion (context decides).
 */
export function validateCoordinates(value: string): Verdict {
  const match = /^(\d+\.(\d+))[^\d]+?(-?\d+\.(\d+))$/.exec(value);
  if (match === null) return false;
  const a = Math.abs(Number(match[1]));
  const b = Math.abs(Number(match[3]));
  if (a < 1 && b < 1) return false;
  if (!((a <= 90 && b <= 180) || (a <= 180 && b <= 90))) return false;
  return match[2].length >= PRECISE_DECIMALS && match[4].length >= PRECISE_DECIMALS ? true : undefined;
}

/** Coordinates detector: `geo_coordinates`, precise pairs confirmed, coarse pairs only with context. */
export const geoCoordinatesDetector: Detector = {
  id: 'geo_coordinates.decimal',
  type: 'geo_coordinates',
  strength: 0.8,
  patterns: [
    {
      name: 'pair',
      regex: globalRegex(START, NUMBER, SEPARATOR, '-?', NUMBER, END),
      score: 0.2,
      // The decimals of the first number, then the separator and what may follow it (a space, a
      // minus or the second number): a dotted quad, a version, a time (`00:00:01.000 INFO`) or a
      // price (`3601.92 元`) fails here; not after a dot, where the last two numbers of a dotted
      // quad (`10.181.74.70,`) start.
      triggers: [
        {
          run: 'alnum',
          first: '0123456789',
          lengths: [[1, 3]],
          notAfter: '.',
          next: '.',
          then: { first: '0123456789', lengths: [[1, 8]], next: ',;\t ', follow: ' -0123456789' },
        },
      ],
    },
  ],
  // Not `lon`: it is part of too many words (salon, long) to stand near a pair of prices.
  context: withSpellings(['坐标', '经纬度', '经度', '纬度', '定位', 'gps', 'latitude', 'longitude', 'coordinate', 'lat', 'lng', 'latlng']),
  // Inside `template`, `plate`, `translation` or `latest`, `lat` made prices and versions coordinates.
  wholeWords: ['lat', 'lng'],
  verbatim: true,
  validate: (value) => validateCoordinates(value),
  validateAt: (text, start, end) => validateCoordinates(text.slice(start, end)),
  mask: (value) => value.replace(/(\.\d)\d+/g, '$1***'),
};
