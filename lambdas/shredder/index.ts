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
export {
  DEFAULT_MAX_VERSIONS,
  blockersOf,
  collectEvidence,
  evidenceCounts,
  lockBlockerReasons,
  type Blocker,
  type BlockerReason,
  type BucketEvidence,
  type CoveredVersion,
  type EvidenceOptions,
  type KeyEvidence,
} from './evidence.js';
export { collectVaultEvidence, countVersionsUpTo, type VaultEvidenceOptions } from './evidence-method.js';
export {
  DEFAULT_INVENTORY_PREFIX,
  INVENTORY_CONFIG_ID,
  INVENTORY_EVIDENCE_DEFAULTS,
  REQUIRED_INVENTORY_COLUMNS,
  collectInventoryEvidence,
  inventoryEvidence,
  keyWindows,
  type InventoryEvidenceOptions,
  type InventoryProblem,
  type InventoryProblemCode,
  type InventoryProof,
  type KeyProblemCode,
  type KeyWindow,
} from './inventory-evidence.js';
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
  type ApprovalStatus,
  type Decision,
  type EvidenceCounts,
  type RecordsPresent,
  type RefusalReason,
  type SafetyFacts,
} from './safety.js';
