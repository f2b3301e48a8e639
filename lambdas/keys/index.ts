/** Epoch key management: the rotator (create ahead, activate, ledger) and shred approvals. */
export { approveEpochKey, type ApprovalRequest, type ApprovalResult } from './approve.js';
export { approverOf, iamRoleArnLookup, principalOfCaller, type Approver, type CallerPrincipal, type RoleArnLookup } from './approver.js';
export { KEYS_ERROR_CODES, KeysError, isKeysError, type KeysErrorCode } from './errors.js';
export {
  activateEpoch,
  ensureEpochKey,
  epochKeyTags,
  rotate,
  type ActivationResult,
  type EnsureEpochKeyOptions,
  type EpochKeyResult,
  type RotationResult,
  type RotatorClients,
} from './rotator.js';
