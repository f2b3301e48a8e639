/**
 * A byte-level pass for one identifier type, as issue 12's first item asks for all of them: one
 * loop over the raw bytes finds the runs of ASCII letters and digits, and only the runs shaped as
 * a resident ID (17 digits, then a digit or X) are handed, as 18 characters of text, to the
 * resident-ID detector's own validator. No decoding, no windows, no expressions. measure.ts runs
 * it (mode `ids`) to show what such a design reaches in JavaScript beside the engine; it finds the
 * contiguous IDs only (the engine also reads them with separators inside), so the bench prints
 * its count beside the engine's.
 */
import { createReadStream } from 'node:fs';
import { DETECTORS } from '../lambdas/engine/index.js';

const ID_CHARS = 18;
/** 1 for ASCII letters, 2 for digits (what the detectors' look-arounds treat as part of a run). */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  if (c >= 48 && c <= 57) CLASS[c] = 2;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = 1;
}

/** The resident IDs in a file, read at the byte level. */
export async function residentIdsIn(file: string): Promise<number> {
  const detector = DETECTORS.find((d) => d.type === 'cn_resident_id');
  if (detector?.validateAt === undefined) throw new Error('no resident-ID detector with validateAt');
  const validateAt = detector.validateAt;
  const pattern = detector.patterns[0].name;
  let found = 0;
  /** The run being read: its length, whether it is still shaped as an ID, and its first 18 bytes. */
  let length = 0;
  let shaped = true;
  const run = Buffer.alloc(ID_CHARS);
  const endRun = (): void => {
    if (length === ID_CHARS && shaped && validateAt(run.toString('latin1'), 0, ID_CHARS, pattern) === true) found++;
    length = 0;
    shaped = true;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      const k = CLASS[c];
      if (k === 0) {
        if (length > 0) endRun();
        continue;
      }
      if (length < ID_CHARS) {
        run[length] = c;
        // Digits, and an X or x last.
        if (k !== 2 && !(length === ID_CHARS - 1 && (c === 88 || c === 120))) shaped = false;
      }
      length++;
    }
  }
  if (length > 0) endRun();
  return found;
}
