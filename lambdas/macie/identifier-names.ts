/**
 * Names of ShredLock's Macie custom data identifiers, and the way back from a name in a finding to
 * the identifier type. Kept apart from the definitions (identifiers.ts) so the findings Lambda
 * does not bundle the engine's detectors to read a name.
 *
 * A name is `<vault>-<id>-<fingerprint>`: the fingerprint (8 hex characters of the definition's
 * SHA-256) changes with the regex, keywords or distance. Custom data identifiers are immutable, so
 * a changed definition is a new identifier, and its new name never collides with the old one while
 * CloudFormation replaces it.
 */
import type { PiiType } from '../engine/types.js';

/** The identifier type each of our Macie custom data identifiers reports. */
export const MACIE_IDENTIFIER_TYPES = {
  cn_resident_id: 'cn_resident_id',
  cn_resident_id_15: 'cn_resident_id',
  cn_mobile: 'cn_mobile',
  bank_card: 'bank_card',
  cn_passport: 'cn_passport',
  cn_hk_macau_permit: 'cn_hk_macau_permit',
  cn_landline: 'cn_landline',
  cn_landline_digits: 'cn_landline',
  hk_id: 'hk_id',
  mo_id: 'mo_id',
  tw_id: 'tw_id',
  cn_travel_permit_hk_mo: 'cn_travel_permit_hk_mo',
  cn_travel_permit_tw: 'cn_travel_permit_tw',
  cn_license_plate: 'cn_license_plate',
  date_of_birth: 'date_of_birth',
  wechat_id: 'wechat_id',
  hk_mo_tw_phone: 'hk_mo_tw_phone',
} as const satisfies Record<string, PiiType>;

/** Id of one of our custom data identifiers, e.g. `cn_resident_id_15`. */
export type MacieIdentifierId = keyof typeof MACIE_IDENTIFIER_TYPES;

/** Every id, in definition order. */
export const MACIE_IDENTIFIER_IDS = Object.keys(MACIE_IDENTIFIER_TYPES) as readonly MacieIdentifierId[];

/** Hex characters of the definition fingerprint in a name. */
export const FINGERPRINT_LENGTH = 8;

/** `<vault>-<id>-<fingerprint>`. */
export function customIdentifierName(vaultName: string, id: MacieIdentifierId, fingerprint: string): string {
  if (!new RegExp(`^[0-9a-f]{${FINGERPRINT_LENGTH}}$`).test(fingerprint)) {
    throw new RangeError(`fingerprint must be ${FINGERPRINT_LENGTH} lower-case hex characters`);
  }
  return `${vaultName}-${id}-${fingerprint}`;
}

/**
 * The id in a custom data identifier name, or undefined when the name is not one of this vault's
 * identifiers (another team's identifier in the same account, or another vault's).
 */
export function identifierIdFromName(vaultName: string, name: string): MacieIdentifierId | undefined {
  const prefix = `${vaultName}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  const cut = rest.length - FINGERPRINT_LENGTH - 1;
  if (cut <= 0 || rest[cut] !== '-' || !/^[0-9a-f]+$/.test(rest.slice(cut + 1))) return undefined;
  const id = rest.slice(0, cut);
  return Object.hasOwn(MACIE_IDENTIFIER_TYPES, id) ? (id as MacieIdentifierId) : undefined;
}
