/**
 * English message catalogue of the reports (tag report, audit reports, evidence pack). Every
 * language's catalogue has this shape (see zh-CN.ts); a missing entry falls back to its id.
 */

/** Identifier type ids (engine and scanner), as reports name them. Unknown ids are shown as they are. */
const types: Record<string, string> = {
  cn_resident_id: 'Resident ID number',
  cn_mobile: 'Mobile number',
  cn_landline: 'Landline number',
  bank_card: 'Bank card number',
  cn_uscc: 'Unified social credit code',
  cn_passport: 'Passport number',
  cn_hk_macau_permit: 'Mainland travel permit for HK and Macao residents',
  email: 'Email address',
  ipv4: 'IPv4 address',
  cn_name: 'Chinese name',
  hk_id: 'Hong Kong identity card number',
  mo_id: 'Macao resident identity card number',
  tw_id: 'Taiwan identity card number',
  cn_travel_permit_hk_mo: 'Exit-entry permit to HK and Macao',
  cn_travel_permit_tw: 'Exit-entry permit to Taiwan',
  cn_address: 'Postal address',
  cn_license_plate: 'Licence plate',
  date_of_birth: 'Date of birth',
  bank_account: 'Bank account number',
  ipv6: 'IPv6 address',
  geo_coordinates: 'Geographic coordinates',
  qq: 'QQ number',
  wechat_id: 'WeChat ID',
};

/** The catalogue. */
export const en = {
  lang: 'en',
  types,
  levels: { confidential: 'confidential', sensitive: 'sensitive', public: 'public', failed: 'failed', unscanned: 'unscanned' } as Record<string, string>,
  /** Statuses and problem codes shown in reports. */
  reasons: {
    valid: 'valid',
    invalid: 'invalid',
    unverified: 'unverified',
    missing: 'missing',
    modified: 'modified',
    unreadable: 'unreadable',
    extra: 'extra',
    pending: 'not yet in a digest',
    empty: 'nothing verified',
    destroyed: 'destroyed',
    scheduled: 'scheduled for deletion',
    cancelled: 'deletion cancelled',
    LOG_UNVERIFIED: 'log file listed only by digests whose signature did not verify',
    LOG_MODIFIED: 'log file altered',
    LOG_MISSING: 'log file missing',
    LOG_EXTRA: 'log file no digest lists',
    SIGNATURE_INVALID: 'digest signature does not verify',
    UNKNOWN_KEY: 'digest signed with an unknown key',
    CHAIN_BROKEN: 'digest chain broken',
    DIGEST_MISSING: 'digest missing',
    PACK_FILE_MODIFIED: 'file differs from its SHA-256 in index.json',
    PACK_FILE_MISSING: 'file listed in index.json is not in the pack',
    PACK_FILE_EXTRA: 'file in the pack is not listed in index.json',
    MANIFEST_HASH_MISMATCH: 'manifest does not hash to the SHA-256 its certificate records',
    MANIFEST_COUNT_MISMATCH: 'manifest lists another number of versions than its certificate',
  } as Record<string, string>,
  /** CSV column headers of the tag report (English keeps the column ids). */
  csv: {
    section: 'section',
    vault: 'vault',
    name: 'name',
    version_id: 'version_id',
    objects: 'objects',
    bytes: 'bytes',
    findings: 'findings',
    public: 'public',
    sensitive: 'sensitive',
    confidential: 'confidential',
    failed: 'failed',
    unscanned: 'unscanned',
    detail: 'detail',
  } as Record<string, string>,
  /** Column headers and labels. */
  labels: {
    level: 'Level',
    type: 'Identifier type',
    objects: 'Objects',
    bytes: 'Bytes',
    findings: 'Findings',
    file: 'File',
    code: 'Code',
    detail: 'Detail',
    status: 'Status',
    sha256: 'SHA-256',
    proves: 'What it proves',
    part: 'Part',
    step: 'Deregistration step',
    pipl: 'PIPL article',
    result: 'Result',
  } as Record<string, string>,
  evidence: {
    title: (vault: string) => `ShredLock evidence pack: ${vault}`,
    intro: 'Every file of this pack, what it proves, and the article of the Personal Information Protection Law (PIPL) and the deregistration step it evidences. Check the pack offline with `shredlock evidence verify`.',
    period: 'Period',
    created: 'Created',
    files: 'Files',
    notIncluded: 'not included',
  },
  /** The deregistration steps a pack evidences. */
  steps: {
    classification: 'Classification of personal data',
    storage: 'Encrypted storage, backups and access control',
    destruction: 'Destruction, with records',
    compliance: 'Compliance checks',
    incident: 'Sealing and notifying after a leak',
    audit: 'Supervision and audit',
  } as Record<string, string>,
  /** What each part of the pack proves. */
  parts: {
    certificates: 'Destruction certificates, their manifests and closing records: which key was destroyed, when, covering which object versions.',
    keys: 'Key ledger (which KMS key encrypted each month) and each key\'s state when the pack was made.',
    tags: 'Tag reports: every object version\'s sensitivity level and identifier types, from the scanner\'s findings.',
    trail: 'CloudTrail log and digest files of the period, the public keys that verify them, the verification and the trail report.',
    incidents: 'Incident records: seal and unseal records, manifests of the held versions, notification lists with counts.',
    compliance: 'The latest compliance check of the deployed vault against the stack\'s promise.',
    inventory: 'S3 Inventory manifests of the vault: versions with their encryption and Object Lock status.',
  } as Record<string, string>,
};

/** The shape every catalogue has. */
export type Messages = typeof en;
