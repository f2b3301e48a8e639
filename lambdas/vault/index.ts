/** Runtime-safe vault plumbing shared by the Lambdas and the CLI: config, epochs, keys, records (names: contract/). */
export { bucketDefaultKeyId } from './bucket-encryption.js';
export {
  VAULT_FLAGS,
  parseVaultConfig,
  requireRotatorSettings,
  requireShredderSettings,
  vaultConfigFromEnv,
  vaultConfigFromFlags,
  type RawVaultSettings,
  type RotatorConfig,
  type SettingNames,
  type VaultConfig,
  type VaultFlags,
} from './config.js';
export { addMonths, epochContaining, epochEnd, epochStart, isEpoch } from './epoch.js';
export {
  describeKey,
  isKeyReference,
  keyIdOf,
  keyTags,
  listEpochAliases,
  type EpochAlias,
  type KeyDescription,
  type KeyState,
} from './epoch-keys.js';
export { VAULT_ERROR_CODES, VaultConfigError, VaultError, VaultRecordError, isVaultError, type VaultErrorCode } from './errors.js';
export {
  LEDGER_VERSION,
  LedgerEntrySchema,
  ledgerJson,
  listLedger,
  parseLedgerEntry,
  readLedgerEntry,
  writeLedgerEntry,
  type LedgerEntry,
} from './ledger.js';
export { parsePrincipal, samePrincipal, type PrincipalId } from './principal.js';
export {
  isRecordTaken,
  listRecordKeys,
  putNewRecord,
  putRecord,
  putRecordVersion,
  readRecord,
  recordJson,
  type WrittenRecord,
} from './records.js';
