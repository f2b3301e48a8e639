/**
 * IPv6 addresses: eight groups of 1-4 hex digits, or fewer around one `::`, optionally ending in
 * a dotted IPv4 address (`::ffff:192.0.2.1`). Judgement calls, so that other colon-joined runs
 * are not read as addresses:
 * - a clock time (`12:30:45`) or a ratio has too few groups and no `::`;
 * - a MAC address (`00:1a:2b:3c:4d:5e`) has six groups, and an EUI-64 written the same way
 *   (eight groups of exactly two hex digits) is rejected too;
 * - a compressed address needs two groups besides the `::`, one of them 3-4 digits long, so
 *   `::1`, `1::2` and `10::30` are not findings;
 * - only the addresses a person's device has: global unicast (2000::/3, the first group `2xxx` or
 *   `3xxx`), unique local (`fcxx`, `fdxx`) and link-local (`fe80`-`febf`); not loopback,
 *   multicast or the unspecified address. The pattern is then tried only at a 4-digit group, not
 *   at every clock time of a log; `::ffff:192.0.2.1` is reported by the IPv4 detector.
 */
import type { Detector, Verdict } from '../types.js';
import { globalRegex } from './regex-parts.js';

/** First groups of global unicast, unique local and link-local addresses. */
const FIRST_GROUP = '(?:[23][0-9A-Fa-f]{3}|[fF][cCdD][0-9A-Fa-f]{2}|[fF][eE][89aAbB][0-9A-Fa-f])';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** True when text[start, end) is a dotted quad with octets 0-255. */
function isDottedQuad(text: string, start: number, end: number): boolean {
  const parts = text.slice(start, end).split('.');
  return parts.length === 4 && parts.every((p) => /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(p));
}

/** The IPv6 verdict on text[start, end): a character walk over the groups, see the file comment. */
export function validateIpv6(text: string, start: number, end: number): Verdict {
  let groups = 0;
  let long = false;
  let allTwo = true;
  let compressed = false;
  let i = start;
  // A trailing IPv4 address counts as two groups.
  const lastColon = text.lastIndexOf(':', end - 1);
  let stop = end;
  if (lastColon >= start && text.indexOf('.', lastColon) !== -1 && text.indexOf('.', lastColon) < end) {
    if (!isDottedQuad(text, lastColon + 1, end)) return false;
    stop = lastColon + 1;
    groups += 2;
    long = true;
    allTwo = false;
  }
  while (i < stop) {
    if (text.charCodeAt(i) === 58) {
      if (text.charCodeAt(i + 1) === 58 && i + 1 < stop) {
        if (compressed) return false; // two `::`
        compressed = true;
        i += 2;
        continue;
      }
      if (i === start) return false; // a single leading colon
      i++;
      if (i === stop && stop === end) return false; // a single trailing colon
      continue;
    }
    let n = 0;
    while (i < stop && isHex(text.charCodeAt(i))) {
      i++;
      n++;
    }
    if (n === 0 || n > 4) return false;
    groups++;
    if (n >= 3) long = true;
    if (n !== 2) allTwo = false;
    if (i < stop && text.charCodeAt(i) !== 58) return false;
  }
  if (compressed) return groups >= 2 && groups <= 7 && long ? undefined : false;
  return groups === 8 && !allTwo ? undefined : false;
}

/** IPv6 detector: `ipv6`, shape only, reported without context. */
export const ipv6Detector: Detector = {
  id: 'ipv6.groups',
  type: 'ipv6',
  strength: 1,
  patterns: [
    {
      name: 'address',
      // Two colons within the first groups, then hex digits and colons, optionally a dotted quad.
      regex: globalRegex(
        // Not inside a longer colon run; a colon after a label word (`IP:`, `地址：`) is fine.
        '(?<![0-9A-Za-z.]|(?<![0-9A-Za-z])[0-9A-Fa-f]{1,4}:|::)',
        // A first group of a device's address (a label's colon is no part of it), two colons ahead.
        `(?=${FIRST_GROUP}:[0-9A-Fa-f]{0,4}:)`,
        '[0-9A-Fa-f:]{2,39}(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?',
        '(?![0-9A-Za-z:]|\\.[0-9A-Za-z])',
      ),
      score: 0.6,
      triggers: [{ run: 'alnum', first: '23fF', lengths: [4], next: ':' }],
    },
  ],
  context: ['ipv6', 'ip地址', 'ip address', 'ip_address', 'client ip', 'remote_addr', 'x-forwarded-for'],
  validate: (value) => validateIpv6(value, 0, value.length),
  validateAt: validateIpv6,
  mask: (value) => {
    const cut = value.indexOf(':', value.indexOf(':') + 1);
    return `${value.slice(0, cut + 1)}****`;
  },
};
