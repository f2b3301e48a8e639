/**
 * Device identifiers, which GB/T 35273 (appendix A, 个人常用设备信息) counts as personal
 * information: a phone's IMEI, a SIM card's IMSI and a network card's MAC address, as app and
 * device logs, phone shops' sales lists, repair tickets and telecom exports hold them.
 *
 * | written | what it is | checked |
 * |---|---|---|
 * | `352099001761481`, `35-209900-176148-1`, `35 209900 176148 1`, `350077-52-323751-3` | an IMEI: a type allocation code (8 digits), a serial (6) and a Luhn check digit | Luhn |
 * | `460001234567890` | an IMSI: China's mobile country code 460, a Chinese network's code (00-09, 11, 15, 20) and 10 digits | its country and network codes |
 * | `3C:22:FB:1A:2B:3C`, `3c-22-fb-1a-2b-3c` | a MAC address: six pairs of hex digits, `:` or `-` apart | not all zeros, not broadcast, not Android's `02:00:00:00:00:00` |
 * | `6D92078A-8246-4BA4-AE5B-76104861E7DC`, `9774d56d682e549c` | an advertising or device id (IDFA, OAID, GAID: a UUID; Android ID: 16 hex digits; OAID: 64) as a whole field under its column or right after its key, only | not all zeros (an IDFA with tracking limited) |
 *
 * Any 15 digits could be either number (one run in ten passes Luhn), and a MAC address names a
 * server's card as often as a person's phone: each is reported only with a device label nearby
 * (IMEI, 串号, IMSI, MAC地址, 设备号…) or under a device column (`imei`, `mac`, `device_id`).
 * Before engine 0.3.11 none was a finding: a device log of them came out public.
 */
import { isLuhnValidAt } from '../checksums/luhn.js';
import type { Detector, Verdict } from '../types.js';
import { AFTER_KEY, END_RUN, FIELD_START, START_RUN, globalRegex } from './regex-parts.js';
import { CODE_HEADERS } from './code-headers.js';
import { withSpellings } from './traditional.js';

const HEX = '0123456789ABCDEFabcdef';
/**
 * A MAC address's six pairs, the same separator between all (`:` or `-`), not inside a longer run
 * of pairs (a pair and a separator before it that no letter precedes: `mac:3C:…` is a label's).
 */
const MAC = '(?<![0-9A-Za-z])(?<!(?<![A-Za-z])[0-9A-Fa-f]{2}[:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z]|[:-][0-9A-Fa-f])';
/** MAC addresses that name no card: none, every card (broadcast), Android's answer to every app since Android 6. */
const PLACEHOLDER_MACS = new Set(['000000000000', 'FFFFFFFFFFFF', '020000000000']);

/** An advertising id (a UUID), an Android ID (16 hex digits) or an OAID of 64. */
const AD_ID = '(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9a-f]{16}|[0-9a-f]{64})';

/** True when text[start, end) is zeros and dashes only: an IDFA when the user limited tracking. */
function isZeros(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 0x30 && text.charCodeAt(i) !== 0x2d) return false;
  return true;
}

/** True when text[start, end) are hex digits and separators only, and the twelve digits are a placeholder. */
function isPlaceholderMac(text: string, start: number, end: number): boolean {
  let hex = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x3a && c !== 0x2d) hex += String.fromCharCode(c >= 0x61 ? c - 0x20 : c);
  }
  return PLACEHOLDER_MACS.has(hex);
}

/** The IMEI's Luhn check over its digits (a grouped one's spaces and dashes removed before `validate`), and the MAC placeholders. */
function validateDevice(text: string, start: number, end: number, pattern: string): Verdict {
  if (pattern === 'imei') return isLuhnValidAt(text, start, end) ? undefined : false;
  if (pattern === 'mac') return isPlaceholderMac(text, start, end) ? false : undefined;
  if (pattern === 'ad-id') return isZeros(text, start, end) ? false : undefined;
  return undefined;
}

/** Device identifier detector: `device_id`, an IMEI, an IMSI, a MAC address or an advertising id, reported only with a device label or header. */
export const deviceIdDetector: Detector = {
  id: 'device_id.labelled',
  type: 'device_id',
  // Luhn lets one 15-digit run in ten through: weaker than a card's issuer ranges, an ID's checksum.
  strength: 0.3,
  patterns: [
    {
      name: 'imei',
      // Run together, or in groups: 2-6-6-1 as printed now, 6-2-6-1 as before 2004 (a 6-digit type code and a 2-digit final assembly code).
      regex: globalRegex(START_RUN, '(?:\\d{15}|\\d{2}([- ])\\d{6}\\1\\d{6}\\1\\d|\\d{6}([- ])\\d{2}\\2\\d{6}\\2\\d)', END_RUN),
      score: 0.2,
      triggers: [
        { run: 'alnum', first: '0123456789', lengths: [15] },
        { run: 'alnum', first: '0123456789', lengths: [2], next: '- ', then: { lengths: [6] } },
        { run: 'alnum', first: '0123456789', lengths: [6], next: '- ', then: { lengths: [2] } },
      ],
    },
    {
      name: 'imsi',
      regex: globalRegex(START_RUN, '460(?:0\\d|1[15]|20)\\d{10}', END_RUN),
      score: 0.2,
      triggers: [{ run: 'alnum', first: '4', lengths: [15] }],
    },
    {
      name: 'mac',
      regex: globalRegex(MAC),
      score: 0.2,
      triggers: [{ run: 'alnum', first: HEX, lengths: [2], next: ':-', then: { first: HEX, lengths: [2], next: ':-' } }],
    },
    {
      // Any UUID or hex run is an id of something (a request, a file): only as a whole field under
      // a device or advertising id's column, or right after such a key or label (`"idfa": "…"`).
      name: 'ad-id',
      regex: globalRegex(`(?:${FIELD_START}|${AFTER_KEY})`, AD_ID, '(?![0-9A-Za-z-])'),
      score: 0.2,
      headerOnly: true,
      triggers: [{ run: 'alnum', first: HEX, lengths: [8, 16, 64] }],
    },
  ],
  // Searched in every text the detector's triggers meet (a log's every time is six hex digits and
  // colons to them): the fewest words that say IMEI, IMSI or MAC address in running text.
  context: withSpellings(['imei', 'imsi', 'mac地址', '串号', '设备号', '设备识别码', '物理地址']),
  // As a column's name or a label (`deviceId=`, `"mac_address":`, `idfa`): in a header only.
  headerContext: ['device id', 'deviceid', 'mac address', 'macaddress', 'mac addr', 'macaddr', 'idfa', 'oaid', 'gaid', 'android id', 'androidid', 'advertising id'],
  // `mac` only as a whole column header or label (`MAC:`, `mac=`, `mac_no`): in a text it is
  // a Mac computer's (`Intel Mac OS X` in every user agent).
  headerNames: ['mac'],
  requiresContext: true,
  // A column of IMEIs without a header row is one (Luhn: a column of other numbers passes it once
  // in ten, a numbering too); since engine 0.3.12, such a list came out public. Not the other
  // shapes: any 15 digits from 460 (IMSIs share their first five), MAC addresses, UUIDs.
  columnOfValues: { patterns: ['imei'], checked: true },
  notColumnHeaders: CODE_HEADERS,
  validate: (value, pattern) => validateDevice(value, 0, value.length, pattern),
  validateAt: validateDevice,
  mask: (value) => `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 6))}${value.slice(-2)}`,
};
