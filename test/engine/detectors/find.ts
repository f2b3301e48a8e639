/** Test helpers: run the full registry, as a scan does, so overlaps between detectors resolve for real. */
import { findInText } from '../../../lambdas/engine/match.js';
import type { Finding, PiiType } from '../../../lambdas/engine/types.js';

/** The findings of one type in `text` (optionally under a column header). */
export function findType(text: string, type: PiiType, header?: string): Finding[] {
  return findInText(text, undefined, header).filter((f) => f.type === type);
}

/** The single finding in `text`; fails the test when there is none or more than one. */
export function onlyFinding(text: string, header?: string): Finding {
  const findings = findInText(text, undefined, header);
  if (findings.length !== 1) {
    throw new Error(`expected one finding, got ${findings.length}: ${findings.map((f) => `${f.type}:${f.value}`).join(', ')}`);
  }
  return findings[0];
}
