/**
 * The flows the permission contract records on moto, each run as the role the stack gives it. A
 * scenario prepares moto with the existing tests' fixtures (unrecorded), then records one or more
 * flows with `record(flow, role, work)`; its names map (moto-names.ts) is read after it.
 *
 * | scenario                | flows (role)                                                             |
 * |-------------------------|--------------------------------------------------------------------------|
 * | keys and list-and-head  | rotator run (rotator); shredder plan+execute, pending re-check (shredder) |
 * | inventory evidence      | shredder plan+execute from the vault's S3 Inventory (shredder)           |
 * | vanished version        | shredder run whose listed version is deleted before its HeadObject (404)  |
 * | operator CLI            | `keys approve` (key administrator); `shred --execute` (shredder)         |
 * | seal with pending keys  | seal Lambda (its handler) with a vault name: cancels a pending key       |
 * |                         | (sealer)                                                                 |
 * | seal                    | seal Lambda (its handler) with its buckets: seal (sealer)                |
 * | scanner                 | Macie findings Lambda (macie-findings); scanner Lambda on two events     |
 * |                         | (one version deleted first), inventory scanner on a Map batch, backlog   |
 * |                         | Lambda twice (scanner)                                                   |
 * | compliance check        | check Lambda's checkAndNotify on the template deployed to moto, with one |
 * |                         | planted drift (checker)                                                  |
 * | auditor CLI             | `evidence export`, `certificates verify`, `audit verify`, `audit trail`  |
 * |                         | (auditor)                                                                |
 */
import { DATA_SCENARIOS } from './data-flows.js';
import type { Scenario } from './flow-kit.js';
import { KEY_SCENARIOS } from './key-flows.js';

export { KEY_ADMIN, KEY_ADMIN_ROLE_NAME, VAULT_NAME, bucket, type FlowRole, type Scenario, type ScenarioClients } from './flow-kit.js';

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [...KEY_SCENARIOS, ...DATA_SCENARIOS];
