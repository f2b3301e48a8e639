/**
 * `index.json` of an evidence pack (documented in docs/auditors.md, "Evidence pack"): every file with
 * its SHA-256, size, part and what it proves, and which parts are in the pack. It cannot list
 * itself; every other member, index.html included, must be listed.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LANGS, term, type Lang } from '../../reports/messages/index.js';
import { PART_IDS, PARTS, partOf, type PartId } from './parts.js';
import type { PackEntry } from './zip.js';

/** `type` of index.json. */
export const PACK_TYPE = 'shredlock.evidence-pack';
/** `version` of index.json. */
export const PACK_VERSION = 1;
/** Name of the index members. */
export const INDEX_JSON = 'index.json';
/** The page for people. */
export const INDEX_HTML = 'index.html';

const FileSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  part: z.enum(PART_IDS).nullable(),
  proves: z.string(),
});

const PartSchema = z.object({
  part: z.enum(PART_IDS),
  step: z.string(),
  pipl: z.array(z.string()),
  files: z.number().int().nonnegative(),
  /** Why the part is absent or partial (no trail bucket given, nothing in the period...). */
  note: z.string().optional(),
});

/** The schema of index.json. */
export const PackIndexSchema = z.object({
  type: z.literal(PACK_TYPE),
  version: z.literal(PACK_VERSION),
  vault: z.string(),
  createdAt: z.string(),
  lang: z.enum(LANGS),
  range: z.object({ from: z.string().optional(), to: z.string().optional() }),
  sources: z.object({
    recordsBucket: z.string(),
    trailBucket: z.string().optional(),
    trailPrefix: z.string().optional(),
    inventoryBucket: z.string().optional(),
  }),
  parts: z.array(PartSchema),
  files: z.array(FileSchema),
});

/** index.json, parsed. */
export type PackIndex = z.infer<typeof PackIndexSchema>;
/** One listed file. */
export type PackIndexFile = PackIndex['files'][number];

/** Hex SHA-256 of bytes. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The index entry of one member. */
export function indexFile(entry: PackEntry, lang: Lang): PackIndexFile {
  const part = partOf(entry.path) ?? null;
  return {
    path: entry.path,
    sha256: sha256Bytes(entry.bytes),
    bytes: entry.bytes.length,
    part,
    proves: part ? term(lang, 'parts', part) : '',
  };
}

/** The parts summary: each part's step, articles, file count and note. */
export function partSummary(files: readonly PackIndexFile[], notes: Partial<Record<PartId, string>>): PackIndex['parts'] {
  return PART_IDS.map((part) => ({
    part,
    step: PARTS[part].step,
    pipl: [...PARTS[part].pipl],
    files: files.filter((f) => f.part === part).length,
    ...(notes[part] ? { note: notes[part] } : {}),
  }));
}
