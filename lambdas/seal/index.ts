/** Sealing after a leak: legal holds on a prefix's versions, incident records, the notification list, unsealing. */
export { runSealAction, parseSealEvent, sealAndNotify, type FailureSummary, type SealActionDeps, type SealActionResult, type SealAndNotifyResult, type SealEvent, type StepError } from './actions.js';
export { sealConfigFromEnv, type SealConfig } from './config.js';
export {
  IncidentError,
  RecordError,
  SEAL_ERROR_CODES,
  SealConfigError,
  SealError,
  SealRequestError,
  UnsealNeedsCallerError,
  isSealError,
  type SealErrorCode,
} from './errors.js';
export { getLegalHold, putLegalHold, versionFailure } from './holds.js';
export { canonicalValue, identityHash } from './identity.js';
export {
  heldBeforeIds,
  isOpen,
  loadIncident,
  loadSealedIncident,
  manifestVersions,
  openIncidentHolds,
  placedVersions,
  sealedVersionIds,
  type HeldVersion,
  type IncidentState,
  type LoadOptions,
  type SealRevision,
  type UnsealRevision,
} from './incident.js';
export { INCIDENTS_PREFIX, incidentPrefix, notificationKeys, parseRecordKey, revisionKey, type RecordName, type RevisedKind } from './layout.js';
export { escapeKey, formatManifest, manifestSha256, parseManifest, unescapeKey, type ManifestEntry } from './manifest.js';
export {
  NOTIFICATION_COLUMNS,
  NOTIFICATION_SCHEMA,
  notificationCsv,
  parseNotification,
  peopleByType,
  type Notification,
  type TypeNotification,
  type UnreadableVersion,
} from './notification.js';
export { NOTIFY_CONCURRENCY, collectNotification, notifyIncident, type NotifyOptions, type NotifyRequest, type NotifyResult } from './notify.js';
export {
  INTENT_SCHEMA,
  SEAL_SCHEMA,
  UNSEAL_SCHEMA,
  listRecordKeys,
  parseSealIntent,
  parseSealRecord,
  parseUnsealRecord,
  readJson,
  readText,
  writeRecord,
  type SealIntent,
  type SealInvocation,
  type SealRecord,
  type UnsealRecord,
  type VersionFailure,
  type VersionRef,
  type WriteOptions,
} from './records.js';
export {
  INCIDENT_ID,
  LAMBDA_FUNCTION_ARN,
  MAX_REASON_LENGTH,
  PRINCIPAL_ARN,
  newIncidentId,
  parseSealRequest,
  parseUnsealRequest,
  type LambdaInvocation,
  type SealRequest,
  type UnsealRequest,
} from './request.js';
export { SEAL_CONCURRENCY, sealPrefix, type SealClients, type SealOptions, type SealResult } from './seal.js';
export { unsealIncident, type UnsealOptions, type UnsealResult } from './unseal.js';
