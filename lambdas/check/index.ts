/** The compliance check: a deployed vault's live configuration against the stack's promise. */
export { resolveEnv, runCheck, type CheckTarget } from './check.js';
export { createCheckClients, createCloudTrailClient } from './clients.js';
export { compareVault, s3ObjectCoverage } from './compare.js';
export { CheckConfigError, CloudTrailError, isCheckConfigError, toCloudTrailError } from './errors.js';
export { TLS_STATEMENTS, expectVault } from './expected.js';
export { ROLE_PATH, arnAccount, macieRoleArn, partitionOf, vaultBucketName, vaultRoleArn, vaultTrailName } from './names.js';
export { asList, covers, describeExpected, exemptedPrincipals, findStatement, isEveryone, publicGrants, statementProblems } from './policy.js';
export { readVault, reduceSelectors, type CheckClients } from './read.js';
export { SERVICE_NAME, checkAndNotify, type CheckDeps } from './notify.js';
export { CHECK_FORMATS, renderCheckReport, renderCheckTable, type CheckFormat } from './render.js';
export { checkSettings, defaultCheckSettings, settingsFromDocument, settingsFromEnv, type CheckSettings } from './settings.js';
export {
  VAULT_BUCKET_KINDS,
  type BucketExpectation,
  type CheckReport,
  type Drift,
  type EncryptionExpectation,
  type KeyExpectation,
  type LiveBucket,
  type LiveEncryption,
  type LiveKey,
  type LiveLock,
  type LivePublicAccessBlock,
  type LiveSelectors,
  type LiveTrail,
  type LiveVault,
  type LockExpectation,
  type PolicyStatement,
  type Read,
  type StatementExpectation,
  type TrailExpectation,
  type VaultBucketKind,
  type VaultEnv,
  type VaultExpectation,
} from './types.js';
