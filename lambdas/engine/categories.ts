/**
 * The PIPL category of each identifier type. Sensitive personal information (PIPL art. 28) is
 * what the seed policy (classification.ts) makes confidential: specific identity (identity documents),
 * financial accounts, whereabouts (a precise location) and medical health (a health insurance number). The other categories are personal
 * information in the sense of art. 4 (GB/T 35273 appendix A names its kinds); a USCC identifies an
 * organization and is not personal information at all. Part of the report format (summary
 * `byCategory`) and of the table in docs/detectors.md.
 */
import type { PiiType } from './types.js';

/** PIPL categories, the art. 28 sensitive ones first. */
export const PIPL_CATEGORIES = [
  'specific_identity',
  'financial_account',
  'whereabouts',
  'medical_health',
  'basic_profile',
  'contact',
  'online_identifier',
  'device',
  'not_personal',
] as const;

/** One PIPL category, e.g. `financial_account`. */
export type PiplCategory = (typeof PIPL_CATEGORIES)[number];

/** The categories that PIPL art. 28 lists as sensitive personal information. */
export const SENSITIVE_CATEGORIES: readonly PiplCategory[] = ['specific_identity', 'financial_account', 'whereabouts', 'medical_health'];

/** The category of every type. */
export const PIPL_CATEGORY: Readonly<Record<PiiType, PiplCategory>> = {
  cn_resident_id: 'specific_identity',
  cn_passport: 'specific_identity',
  cn_hk_macau_permit: 'specific_identity',
  hk_id: 'specific_identity',
  mo_id: 'specific_identity',
  tw_id: 'specific_identity',
  cn_travel_permit_hk_mo: 'specific_identity',
  cn_travel_permit_tw: 'specific_identity',
  bank_card: 'financial_account',
  bank_account: 'financial_account',
  geo_coordinates: 'whereabouts',
  health_insurance_id: 'medical_health',
  cn_name: 'basic_profile',
  date_of_birth: 'basic_profile',
  cn_address: 'basic_profile',
  cn_license_plate: 'basic_profile',
  cn_mobile: 'contact',
  cn_landline: 'contact',
  email: 'contact',
  hk_mo_tw_phone: 'contact',
  qq: 'online_identifier',
  wechat_id: 'online_identifier',
  ipv4: 'online_identifier',
  ipv6: 'online_identifier',
  device_id: 'device',
  cn_uscc: 'not_personal',
};
