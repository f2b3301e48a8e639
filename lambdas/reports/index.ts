/** The tag report: read scan results (files, the records bucket, live tags), aggregate, render CSV, JSON and HTML. */
export {
  DEFAULT_DEPTH,
  TAG_REPORT_TYPE,
  TAG_REPORT_VERSION,
  UNKNOWN_FORMAT,
  buildTagReport,
  compareEngines,
  formatGroupId,
  latestObservations,
  prefixOf,
  type Amount,
  type FailedObject,
  type FormatTotal,
  type LevelCounts,
  type PrefixTotal,
  type RunSummary,
  type TagReport,
  type TagReportOptions,
  type TrendPoint,
  type TypeTotal,
  type UnscannedObject,
  type UnscannedReason,
} from './aggregate.js';
export {
  assessCertificate,
  assessCertificates,
  loadCertificateRecords,
  observeKey,
  parseManifest,
  parseS3Url,
  sha256,
  type CertificateAssessment,
  type CertificateProblem,
  type CertificateRecords,
  type CertificateStatus,
  type KeyObservation,
  type LoadCertificatesOptions,
} from './certificates.js';
export { assessCertificatesOffline, OFFLINE_KEY, readFolder, type OfflineAssessment } from './certificates-offline.js';
export { TAG_REPORT_CSV_COLUMNS, renderTagReportCsv, renderTagReportJson, tagReportCsvHeader } from './csv.js';
export { REPORT_ERROR_CODES, ReportInputError, isReportInputError, type ReportErrorCode } from './errors.js';
export { escapeHtml, formatBytes, formatCount, formatShare } from '../format.js';
export { card, htmlPage, num, type Row, table, text } from './html-page.js';
export { DEFAULT_MAX_ROWS, LEVEL_COLORS, PREFIX_CHART_BARS, formatGroupLabel, renderTagReportHtml, shownLevels, type HtmlOptions } from './html.js';
export { loadLocalInput } from './load-local.js';
export { LANGS, langFromEnv, messages, term, tr, typeName, type Lang } from './messages/index.js';
export type { Messages } from './messages/en.js';
export { DEFAULT_TAG_CONCURRENCY, loadRecordsBucket, loadVaultTags } from './load-s3.js';
export {
  dateFromPath,
  observedFromTags,
  parseReportFile,
  parseScanLines,
  parseScanReport,
  parseTagReport,
  parseTypesTag,
  runIdOf,
} from './parse.js';
export { barChart, niceCeiling, stackedColumnChart, type Bar, type Column } from './svg.js';
export { REPORT_LEVELS, type InputKind, type ObservedObject, type ReportInput, type ReportLevel, type RunFormat, type ScanRun } from './types.js';
