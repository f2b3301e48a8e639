/** The compliance check: a deployed vault's live configuration against the stack's promise. */
export { resolveEnv, runCheck, type CheckTarget } from './check.js';
export { createCloudTrailClient } from '../aws/clients.js';
export { CloudTrailError, toCloudTrailError } from '../aws/errors.js';
export { createCheckClients } from './clients.js';
export { compareVault, s3ObjectCoverage } from './compare.js';
export { CheckConfigError, isCheckConfigError } from './errors.js';
export { TLS_STATEMENTS, expectVault } from './expected.js';
export { arnAccount, partitionOf } from './names.js';
export { BUCKET_KINDS, ROLE_PATH, macieRoleArn, vaultBucketName, vaultRoleArn, vaultTrailName, type BucketKind, type RoleKind } from '../../contract/naming.js';
export { asList, covers, describeExpected, exemptedPrincipals, findStatement, isEveryone, publicGrants, statementProblems } from './policy.js';
export { readVault, reduceSelectors, type CheckClients } from './read.js';
export { SERVICE_NAME, checkAndNotify, type CheckDeps } from './notify.js';
export { CHECK_FORMATS, renderCheckReport, renderCheckTable, type CheckFormat } from './render.js';
export { checkSettings, defaultCheckSettings, settingsFromDocument, settingsFromEnv, type CheckSettings } from './settings.js';
export {
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
  type VaultEnv,
  type VaultExpectation,
} from './types.js';
