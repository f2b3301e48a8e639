/** The S3 scanner: scan and tag object versions, scan prefixes resumably, write reports. */
export { scannerConfigFromEnv, type ScannerConfig } from './config.js';
export { DEFAULT_RANGE_BYTES, rangeBytesFromEnv } from './config.js';
export {
  ReportWriterError,
  SCANNER_ERROR_CODES,
  ScannerConfigError,
  ScannerError,
  ScannerEventError,
  isScannerError,
  type ScannerErrorCode,
} from './errors.js';
export {
  OBJECT_CREATED,
  isReportObject,
  keyCandidates,
  parseRecord,
  resolveCreatedObject,
  type CreatedObject,
  type ParsedRecord,
} from './event.js';
export { METRIC, METRICS_NAMESPACE, SERVICE_NAME, recordScanMetrics } from './metrics.js';
export { errorSummary, finishBatch, processRecord, type RecordOutcome, type ScannerDeps } from './process-record.js';
export {
  DEFAULT_REPORT_PREFIX,
  TAG_REPORT_COLUMNS,
  csvSafe,
  newRunId,
  scanReportKey,
  tagReportKeys,
  tagReportRows,
  toJsonLines,
  toTagCsv,
  writeRunReports,
  type ReportEntry,
  type ReportLocation,
  type RunToReport,
  type ScanReportLine,
  type TagReportRow,
  type WrittenReports,
} from './report-writer.js';
export {
  RANGE_CHECKPOINT_VERSION,
  checkpointKey,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointStore,
  type RangeCheckpoint,
} from './range-checkpoint.js';
export { CONTEXT_BYTES, RANGED_FORMATS, scanInRanges, type RangedScanOptions, type RangedScanResult } from './ranged-scan.js';
export { s3VersionSource, streamVersion } from './s3-source.js';
export {
  headVersion,
  scanObjectVersion,
  type FindingStore,
  scanVersionInRanges,
  type RangeSettings,
  type ScanObjectOptions,
  type ScanObjectResult,
  type TaggingResult,
  type VersionHead,
} from './scan-object.js';
export {
  DEFAULT_PAGE_SIZE,
  scanPrefix,
  type PrefixScanFailure,
  type PrefixScanOptions,
  type PrefixScanResult,
  type PrefixTarget,
  type ScanContinuation,
} from './scan-prefix.js';
export {
  NO_TYPES,
  S3_TAG_LIMITS,
  TAG_KEYS,
  TAG_PRIORITY,
  TYPES_SEPARATOR,
  TYPES_TRUNCATED,
  formatTypes,
  isScannedBy,
  mergeTags,
  readScanTags,
  scanDate,
  scanTagValues,
  shredlockTags,
  type FoundScanTags,
  type ScanTagValues,
  type ShredlockTagKey,
  type TaggingOutcome,
} from './tags.js';
