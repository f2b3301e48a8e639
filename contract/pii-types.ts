/**
 * The identifier types, without the policy schema (contract/classification-policy.ts) that
 * validates lists of them: the engine's scan path imports only this, so a scan worker or a
 * Lambda that never parses a policy never loads the schema library.
 */

/** Identifier types. These strings are part of the report format and of S3 tags: never rename one. */
export const PII_TYPES = [
  'cn_resident_id',
  'cn_mobile',
  'cn_landline',
  'bank_card',
  'cn_uscc',
  'cn_passport',
  'cn_hk_macau_permit',
  'email',
  'ipv4',
  'cn_name',
  'hk_id',
  'mo_id',
  'tw_id',
  'cn_travel_permit_hk_mo',
  'cn_travel_permit_tw',
  'cn_address',
  'cn_license_plate',
  'date_of_birth',
  'bank_account',
  'ipv6',
  'geo_coordinates',
  'qq',
  'wechat_id',
  'hk_mo_tw_phone',
  'device_id',
  'health_insurance_id',
] as const;
