/** The shredder: evidence, the safety decision, plan, execution, manifest and certificates. */
export {
  CERTIFICATE_VERSION,
  CertificateSchema,
  ClosingRecordSchema,
  checkCertificate,
  closingRecord,
  readCertificate,
  writeCertificate,
  writeClosingRecord,
  type Certificate,
  type CertificateWrite,
  type ClosingRecord,
} from './certificate.js';
export { discoverVaultKeys, type DiscoveredKey } from './discover.js';
export { ShredderRunError, isShredderRunError } from './errors.js';
export { DEFAULT_MAX_VERSIONS, collectEvidence, type EvidenceOptions } from './evidence.js';
export {
  blockersOf,
  evidenceCounts,
  lockBlocker,
  lockBlockerReasons,
  type Blocker,
  type BlockerReason,
  type BucketEvidence,
  type CoveredVersion,
  type InventoryProblem,
  type InventoryProblemCode,
  type InventoryProof,
  type KeyEvidence,
} from './evidence-model.js';
export { recheckCovered } from './inventory-recheck.js';
export { head, judgeHead, probeLockVisibility, readVersion, stillListed, type HeadOutcome, type HeadVerdict, type VersionToRead } from './version-head.js';
export { collectVaultEvidence, countVersionsUpTo, type VaultEvidenceOptions } from './evidence-method.js';
export {
  DEFAULT_INVENTORY_PREFIX,
  INVENTORY_CONFIG_ID,
  INVENTORY_EVIDENCE_DEFAULTS,
  collectInventoryEvidence,
  inventoryEvidence,
  type InventoryEvidenceOptions,
  type KeyProblemCode,
} from './inventory-evidence.js';
export { REQUIRED_INVENTORY_COLUMNS, parseLockFields, readRow, type InventoryRow } from './inventory-rows.js';
export { keyWindows, type KeyWindow } from './inventory-windows.js';
export { checkInventoryManifest, type ManifestCheck } from './inventory-manifest-check.js';
export { s3InventoryStore, type InventoryManifest, type InventoryStore } from './inventory-reader.js';
export {
  MAX_BLOCKERS_LISTED,
  executeShred,
  type ActionOutcome,
  type ExecuteClients,
  type ExecuteOptions,
  type ExecuteResult,
  type KeyAction,
} from './execute.js';
export { MANIFEST_FORMAT, buildManifest, escapeManifestKey, manifestLine, type Manifest, type ManifestVersion } from './manifest.js';
export { publishNotice, type Notice, type NoticeEvent } from './notify.js';
export { planShred, type KeyFacts, type KeyPlan, type PlanOptions, type ShredPlan, type ShredderClients } from './plan.js';
export {
  classifyApproval,
  decide,
  decisionLabel,
  effectiveShredNotBefore,
  hasEnded,
  needsEvidence,
  REFUSAL_REASONS,
  type ApprovalStatus,
  type Decision,
  type EvidenceCounts,
  type RecordsPresent,
  type RefusalReason,
  type SafetyFacts,
} from './safety.js';
