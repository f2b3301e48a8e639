/** The scanning engine's public API: plain TypeScript, no AWS. */
export { DETECTORS } from './detectors/index.js';
export { ScanError, isScanError, SCAN_ERROR_CODES, type ScanErrorCode } from './errors.js';
export { openContent } from './formats/index.js';
export { DEFAULT_READ_LIMITS, type ReadLimits, type Source } from './formats/source.js';
export { temporaryFolder } from './formats/scratch.js';
export { findInText } from './match.js';
export { DEFAULT_POLICY, OBJECT_LEVELS, PolicyError, classify, higherLevel, levelOf, parsePolicy, policyChanges, unlistedTypes, type Policy, type PolicyChanges } from './classification.js';
export { buildReport, summarize, type ReportSummary, type ScanReport } from './report.js';
export {
  DEFAULT_MAX_FINDINGS,
  ObjectFindings,
  objectReport,
  scanKeeping,
  scanSource,
  scanText,
  toScanError,
  type FindingKeeper,
  type ObjectReport,
  type ReportedFinding,
  type ScanOptions,
} from './scan.js';
export { TextMatcher } from './text-matcher.js';
export { PII_TYPES, SENSITIVITY_LEVELS, FORMATS, type Finding, type Format, type ObjectLevel, type PiiType, type Sensitivity } from './types.js';
export { ENGINE_VERSION, SCANNER_NAME } from './version.js';
