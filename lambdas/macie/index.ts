/**
 * Amazon Macie as a second reader: custom data identifiers and allow list (as data), the scheduled
 * classification job's custom resource, and the mapping of Macie findings to ShredLock tags.
 */
export { ALLOW_LIST_ENTRIES, allowListProblems, allowListRegex, type AllowListEntry } from './allow-list.js';
export {
  FINDINGS_METRIC,
  FINDINGS_SERVICE_NAME,
  applyFindingRecord,
  errorSummary,
  type FindingOutcome,
  type FindingsDeps,
} from './apply-finding.js';
export { createMacieClient, macieClient } from '../aws/clients.js';
export { MacieError, isMacieError, toMacieError } from '../aws/errors.js';
export {
  FindingEventError,
  FindingsConfigError,
  JobPropertiesError,
  MACIE_INTEGRATION_ERROR_CODES,
  MacieIntegrationError,
  isMacieIntegrationError,
  type MacieIntegrationErrorCode,
} from './errors.js';
export { MACIE_FINDING, MACIE_SOURCE, parseFindingRecord, type Detection, type IgnoreReason, type MacieFinding, type ParsedFinding } from './finding-event.js';
export { FINDINGS_ENV, findingsConfigFromEnv, type FindingsConfig } from './findings-config.js';
export {
  MANAGED_TYPE_MAP,
  SOURCE_TAG,
  classifyFinding,
  decideTags,
  levelSetBy,
  type DecisionReason,
  type FindingClassification,
  type LevelSetBy,
  type TagDecision,
} from './findings.js';
export {
  FINGERPRINT_LENGTH,
  MACIE_IDENTIFIER_IDS,
  MACIE_IDENTIFIER_TYPES,
  customIdentifierName,
  identifierIdFromName,
  type MacieIdentifierId,
} from './identifier-names.js';
export {
  MACIE_IDENTIFIERS,
  definitionFingerprint,
  definitionProblems,
  macieIdentifier,
  macieKeywords,
  type MacieIdentifierDefinition,
} from './identifiers.js';
export {
  DAYS_OF_WEEK,
  JOB_TAG_KEY,
  MANAGED_SELECTORS,
  createJobInput,
  engineExclusion,
  jobResourceProperties,
  parseJobProperties,
  sameJob,
  scheduleFrequency,
  type JobResourceProperties,
  type JobSpec,
  type MacieJobSchedule,
  type ManagedSelector,
} from './job-definition.js';
export { cancelJob, createJob, onEvent, type CancelOutcome, type CreatedJob, type JobLog, type OnEventResponse } from './job-resource.js';
export { MACIE_LIMITS, characterCount, macieRegexProblems } from './macie-limits.js';
