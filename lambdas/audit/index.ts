/** The audit tools' public API: trail verification and trail analysis for auditors. */
export { isClosingRecord, loadCertificates, parseCertificate, type Certificate } from './certificates.js';
export { HASH_ALGORITHM, SIGNATURE_ALGORITHM, loadDigest, signingString, verifyDigestSignature, type Digest } from './digest.js';
export { downloadTrail, type DownloadSummary } from './download.js';
export { AUDIT_ERROR_CODES, AuditError, isAuditError, type AuditErrorCode } from './errors.js';
export { parseTrailKey, trailPath } from './layout.js';
export { LocalTrailStore } from './local-store.js';
export { fetchPublicKeys, parsePublicKeys, type TrailPublicKey } from './public-keys.js';
export { DIGEST_LAG_MS, parseTime, timeRange, type TimeRange } from './range.js';
export { S3TrailStore } from './s3-store.js';
export { sensitivityIndex, type SensitivityIndex } from './sensitivity.js';
export { SIGNATURE_SIDECAR_SUFFIX, type SignatureMetadata, type TrailStore } from './store.js';
export { analyzeTrail, type TrailOptions } from './trail.js';
export { FLAG_KINDS, type FlagKind, type TrailReport } from './trail-report.js';
export { verifyTrail, type KeySource, type VerifyOptions } from './verify.js';
export { PROBLEM_CODES, type ProblemCode, type VerifyReport } from './verify-report.js';
