/**
 * IPv4 addresses: a dotted quad with octets 0-255 written without leading zeros.
 *
 * Judgement calls, so that version and section numbers are not read as addresses:
 * - not part of a longer dotted run (`1.2.3.4.5`, `10.0.19045.3803`);
 * - not right after a version word (`version 10.0.0.1`, `ver. 6.1.0.2`, `build`, `版本号:`);
 *   `v1.2.3.4` is already excluded by the letter boundary;
 * - rejected when all four octets are single digits (`1.2.3.4` headings, `8.8.8.8` resolvers),
 *   when the first octet is 0 or 127, or 224 and above (multicast, reserved, netmasks such as
 *   `255.255.255.0`): none of them is a person's address.
 */
import type { Detector } from '../types.js';
import { globalRegex } from './regex-parts.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const VERSION_WORD = '(?<!(?:[Vv]ersion|[Vv]er|[Bb]uild|[Rr]elease|版本号?)[ .:]{0,2}[0-9.]{7,15})';

function validateIpv4(text: string, start: number, end: number): false | undefined {
  // A character loop: this runs for every address in a log, split() would allocate five strings.
  let first = -1;
  let octet = 0;
  let length = 0;
  let allSingle = true;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46;
    if (c !== 46) {
      octet = octet * 10 + (c - 48);
      length++;
      continue;
    }
    if (first < 0) first = octet;
    if (length !== 1) allSingle = false;
    octet = 0;
    length = 0;
  }
  if (first === 0 || first === 127 || first >= 224) return false;
  if (allSingle) return false;
  return undefined;
}

/** IPv4 detector: `ipv4`, shape only, reported without context. */
export const ipv4Detector: Detector = {
  id: 'ipv4.dotted_quad',
  type: 'ipv4',
  strength: 1,
  patterns: [
    {
      name: 'dotted-quad',
      // The version-word lookbehind sits at the end, so it runs only on complete quads.
      regex: globalRegex('(?<![0-9A-Za-z.])', `${OCTET}(?:\\.${OCTET}){3}`, '(?![0-9A-Za-z]|\\.\\d)', VERSION_WORD),
      score: 0.6,
      // The second octet and its dot: a time's milliseconds or a price fail here.
      triggers: [{ run: 'alnum', first: '0123456789', lengths: [[1, 3]], next: '.', then: { first: '0123456789', lengths: [[1, 3]], next: '.' } }],
    },
  ],
  context: ['ip地址', 'ip address', 'ip_address', 'client ip', 'remote_addr', 'x-forwarded-for'],
  validate: (value) => validateIpv4(value, 0, value.length),
  validateAt: validateIpv4,
};
