/**
 * When two findings are the same identifier, and so the same person: both values are brought to
 * one canonical form per type, and compared by a SHA-256 of it. Pure functions.
 *
 * The hashes live in memory for one notification run and are never written or logged: an
 * 18-character resident ID has so few possible values that its hash is as good as the ID.
 *
 * | Type                          | Canonical form                                                  |
 * |-------------------------------|-----------------------------------------------------------------|
 * | `cn_mobile`                   | the last 11 digits (drops `+86`, `0086`, `(+86)`, separators)   |
 * | `cn_landline`                 | digits, national form: `+86 10 ...` and `0086-10-...` -> `010...` |
 * | `hk_mo_tw_phone`              | digits, national form: `+852 9123 4567` -> `91234567`, `+886 912 ...` -> `0912...` |
 * | `bank_card`, `bank_account`, `qq`, `ipv4` | digits and dots only                                |
 * | `email`, `ipv6`, `wechat_id`  | lower case                                                      |
 * | IDs, passports, permits, USCC, health insurance numbers | letters and digits, upper case (`x` -> `X`) |
 * | `cn_license_plate`            | without spaces, dashes and middle dots, upper case              |
 * | `cn_name`                     | without spaces and dashes, lower case (a romanized name)        |
 * | `cn_address`                  | without spaces and a final full stop, lower case (in English)   |
 * | `date_of_birth`, `geo_coordinates` | without spaces                                             |
 * | `device_id`                   | hex digits only, upper case (an IMEI's groups, a MAC's separators dropped) |
 *
 * Every form is first NFKC-normalized (full-width digits and letters become ASCII) and trimmed.
 */
import { createHash } from 'node:crypto';
import { compact } from '../engine/normalize.js';
import type { PiiType } from '../engine/types.js';

/** The canonical form of a value of `type` (see the module doc). */
export function canonicalValue(type: PiiType, value: string): string {
  const text = value.normalize('NFKC').trim();
  switch (type) {
    case 'cn_mobile':
      return text.replace(/\D/g, '').slice(-11);
    case 'cn_landline': {
      const digits = text.replace(/\D/g, '');
      if (digits.startsWith('0086')) return `0${digits.slice(4)}`;
      if (/^\(?\+86/.test(text)) return `0${digits.slice(2)}`;
      return digits;
    }
    case 'hk_mo_tw_phone': {
      // Written as a whole with its country code (`+`, `00` or parentheses), or as dialled at home.
      const digits = text.replace(/\D/g, '').replace(/^00/, '');
      if (!/^(?:\+|00|\(\+?)8(?:5[23]|86)/.test(text)) return digits;
      if (digits.startsWith('886')) return digits.slice(3).startsWith('0') ? digits.slice(3) : `0${digits.slice(3)}`;
      return digits.slice(3);
    }
    case 'bank_card':
    case 'bank_account':
    case 'qq':
    case 'ipv4':
      return text.replace(/[^0-9.]/g, '');
    case 'email':
    case 'ipv6':
    case 'wechat_id':
      return text.toLowerCase();
    case 'cn_license_plate':
      return text.replace(/[\s·・•-]/g, '').toUpperCase();
    case 'cn_name':
      // A name in Latin letters is one however it is cased or hyphenated (`CHAN Tai Man`, `Chan Tai-man`).
      return text.replace(/[\s-]/g, '').toLowerCase();
    case 'cn_address':
      // An address in English is one however it is cased, and at a sentence's end (`…, Kowloon.`).
      return text.replace(/\s/g, '').replace(/\.$/, '').toLowerCase();
    case 'date_of_birth':
    case 'geo_coordinates':
      return text.replace(/\s/g, '');
    case 'cn_resident_id':
    case 'cn_uscc':
    case 'cn_passport':
    case 'cn_hk_macau_permit':
    case 'hk_id':
    case 'mo_id':
    case 'tw_id':
    case 'cn_travel_permit_hk_mo':
    case 'cn_travel_permit_tw':
    case 'health_insurance_id':
      return compact(text).replace(/[^0-9A-Za-z]/g, '').toUpperCase();
    case 'device_id':
      // An IMEI however grouped, a MAC address whatever its separators and case.
      return text.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
  }
}

/** SHA-256 (hex) of a value's type and canonical form: equal for the same identifier however written. */
export function identityHash(type: PiiType, value: string): string {
  return createHash('sha256').update(`${type}\u0000${canonicalValue(type, value)}`, 'utf8').digest('hex');
}
