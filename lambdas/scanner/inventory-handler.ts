/**
 * Inventory scanner Lambda (a Distributed Map batch of the inventory scan state machine): the entry
 * point only. The work is in inventory.ts; logger, metrics and configuration are made once per cold
 * start.
 */
import type { Context } from 'aws-lambda';
import { s3Client } from '../aws/clients.js';
import { observability } from '../shared/observability.js';
import {
  INVENTORY_DEADLINE_MARGIN_MS,
  INVENTORY_SERVICE_NAME,
  type InventoryBatch,
  type InventoryBatchResult,
  type InventoryConfig,
  inventoryConfigFromEnv,
  scanInventoryBatch,
} from './inventory.js';
import { runInvocation } from './invocation.js';

const { logger, metrics } = observability(INVENTORY_SERVICE_NAME);
let config: InventoryConfig | undefined;

/** The Lambda entry point. */
export const handler = async (event: InventoryBatch, context: Context): Promise<InventoryBatchResult> =>
  runInvocation(context, { logger, metrics }, 'inventory batch failed', async () => {
    // Validated on the first event: a misconfigured function fails at once, loudly.
    config ??= inventoryConfigFromEnv();
    const deadlineMs = Date.now() + context.getRemainingTimeInMillis() - INVENTORY_DEADLINE_MARGIN_MS;
    return scanInventoryBatch({ s3: s3Client(), config, logger, metrics }, event, { deadlineMs });
  });
