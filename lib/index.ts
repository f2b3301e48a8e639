/**
 * The public API of ShredLock's infrastructure: the stack, its constructs and the names that need a
 * CDK Stack. The configuration and the names the runtime shares live in contract/.
 */
export {
  acknowledgeFindings,
  checkovSkips,
  nagAcknowledgements,
  type AcknowledgedStack,
  type CheckovSkip,
  type NagAcknowledgement,
} from './acknowledgements.js';
export { AuditKey, type AuditKeyProps } from './audit-key.js';
export { AuditTrail, trailLogGroupName, trailName, type AuditTrailProps } from './audit-trail.js';
export {
  CHECK_CONFIG_OMITTED_KEYS,
  checkConfigJson,
  COMPLIANCE_CHECK_SCHEDULE,
  ComplianceCheck,
  type ComplianceCheckProps,
} from './compliance-check.js';
export { EpochKey, epochKeyPolicy, type EpochKeyPolicyProps, type EpochKeyPrincipals, type EpochKeyProps } from './epoch-key.js';
export { ConstructPropsError } from './errors.js';
export { HARDENED_BUCKET_PROPS, type LockSettings } from './hardened-bucket.js';
export { LockedBucket, type LockedBucketProps } from './locked-bucket.js';
export { IncidentResponse, type IncidentResponseProps } from './incident.js';
export { KEY_LIFECYCLE_SCHEDULES, KeyLifecycle, type KeyLifecycleProps, type RoleWithPolicy } from './key-lifecycle.js';
export { MACIE_DEFAULTS, MacieScanning, macieCheckovSkips, macieNagAcknowledgements, type MacieScanningProps } from './macie.js';
export {
  anyKeyInAccountArn,
  bucketName,
  functionLogGroupName,
  functionName,
  INVENTORY_SCAN_RESULTS_PREFIX,
  inventoryReportPrefix,
  inventoryScanStateMachineName,
  logGroupPrefix,
  macieServiceLinkedRoleArn,
  roleArn,
  type FunctionKind,
} from './naming.js';
export { VaultNotifications, type VaultNotificationsProps } from './notifications.js';
export { eventPattern, ProtectionAlarms, type ProtectionAlarmsProps } from './protection-alarms.js';
export { RecordsBucket, type RecordsBucketProps } from './records-bucket.js';
export { EPOCH_KEY_TAG_KEYS, VaultRoles, type VaultRolesProps, type VaultRoleTargets } from './roles.js';
export {
  ESM_BANNER,
  PDFJS_DATA_FOLDERS,
  SCAN_ENGINE_HOOKS,
  PROJECT_ROOT,
  RUNTIME,
  ShredlockFunction,
  type ShredlockFunctionProps,
} from './runtime-function.js';
export { DEAD_LETTER_RETENTION, RuntimeQueues, type RuntimeQueueProps, type RuntimeQueuesProps } from './runtime-queues.js';
export { SCANNING_DEFAULTS, ScanPipeline, type ScanPipelineProps } from './scanning.js';
export { ShredlockStack, type ShredlockStackProps } from './shredlock-stack.js';
export {
  BackupVault,
  INVENTORY_FIELDS,
  INVENTORY_ID,
  INVENTORY_PREFIX,
  type BackupVaultProps,
  type VaultPrincipals,
} from './vault-bucket.js';
