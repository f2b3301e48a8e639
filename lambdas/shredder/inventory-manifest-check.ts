/**
 * The first step of the inventory proof: the latest manifest of the vault's inventory, found,
 * intact (manifest.checksum is its MD5), in the documented CSV format and version, about the vault
 * bucket, delivered to the inventory bucket, with every column the proof needs, and fresh (at
 * most `maxAgeDays` old, not dated after `now`). Any failure is a problem for every key.
 */
import { createHash } from 'node:crypto';
import { INVENTORY_CONFIG_ID } from '../../contract/naming.js';
import type { InventoryProblem, InventoryProof } from './evidence-model.js';
import {
  findLatestManifest,
  INVENTORY_MANIFEST_VERSION,
  InventoryManifestSchema,
  inventoryRoot,
  md5Hex,
  schemaColumns,
  type InventoryManifest,
  type InventoryStore,
} from './inventory-reader.js';
import { REQUIRED_INVENTORY_COLUMNS } from './inventory-rows.js';

/** What the manifest step found: the manifest and its columns when sound, its proof fields, its problems. */
export interface ManifestCheck {
  readonly proof: Pick<InventoryProof, 'manifestKey' | 'manifestSha256' | 'creationTimestamp'>;
  readonly manifest?: InventoryManifest;
  readonly columns: readonly string[];
  /** Creation time, epoch milliseconds (NaN when unknown). */
  readonly created: number;
  readonly problems: readonly InventoryProblem[];
}

function formatProblems(manifest: InventoryManifest, vaultBucket: string, store: InventoryStore, columns: readonly string[]): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  if (manifest.version !== INVENTORY_MANIFEST_VERSION) problems.push({ code: 'MANIFEST_VERSION', detail: manifest.version });
  if (manifest.fileFormat !== 'CSV') problems.push({ code: 'NOT_CSV', detail: manifest.fileFormat });
  if (manifest.sourceBucket !== vaultBucket) problems.push({ code: 'WRONG_SOURCE_BUCKET', detail: manifest.sourceBucket });
  if (!new RegExp(`^arn:aws[a-z-]*:s3:::${store.bucket.replace(/\./g, '\\.')}$`).test(manifest.destinationBucket)) {
    problems.push({ code: 'WRONG_DESTINATION_BUCKET', detail: manifest.destinationBucket });
  }
  const missing = REQUIRED_INVENTORY_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push({ code: 'SCHEMA_INCOMPLETE', detail: missing.join(', ') });
  return problems;
}

/** Finds and checks the latest manifest under `prefix` for `vaultBucket` (see the module doc). */
export async function checkInventoryManifest(
  store: InventoryStore,
  vaultBucket: string,
  prefix: string,
  now: Date,
  maxAgeDays: number,
): Promise<ManifestCheck> {
  const failed = (proof: ManifestCheck['proof'], problem: InventoryProblem): ManifestCheck => ({ proof, columns: [], created: Number.NaN, problems: [problem] });
  const found = await findLatestManifest(store, inventoryRoot(prefix, vaultBucket, INVENTORY_CONFIG_ID));
  if (!found) return failed({}, { code: 'NO_INVENTORY' });
  let proof: ManifestCheck['proof'] = { manifestKey: `s3://${store.bucket}/${found.key}`, manifestSha256: createHash('sha256').update(found.bytes).digest('hex') };
  if (found.checksum === undefined || found.checksum.toLowerCase() !== md5Hex(found.bytes)) return failed(proof, { code: 'MANIFEST_CHECKSUM' });
  let manifest: InventoryManifest;
  try {
    const parsed = InventoryManifestSchema.safeParse(JSON.parse(found.bytes.toString('utf8')));
    if (!parsed.success) throw parsed.error;
    manifest = parsed.data;
  } catch {
    return failed(proof, { code: 'MANIFEST_INVALID' });
  }
  const created = Number(manifest.creationTimestamp);
  proof = { ...proof, creationTimestamp: new Date(created).toISOString() };
  const columns = schemaColumns(manifest.fileSchema);
  const problems = formatProblems(manifest, vaultBucket, store, columns);
  if (now.getTime() - created > maxAgeDays * 86_400_000) problems.push({ code: 'INVENTORY_TOO_OLD' });
  if (created > now.getTime() + 5 * 60_000) problems.push({ code: 'INVENTORY_IN_FUTURE' });
  return { proof, manifest, columns, created, problems };
}
