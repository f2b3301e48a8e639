/**
 * Seal Lambda, invoked by the incident runbook:
 *
 *     { "action": "seal", "prefix": "exports/2026-11/", "reason": "INC-42: export leaked",
 *       "incidentId": "INC-42" }
 *
 * Who sealed: a Lambda event carries no caller identity the function can trust, so the record
 * holds this invocation (`context.awsRequestId`, `context.invokedFunctionArn`) and the stack's
 * trail logs the Invoke data events of this function, which name the caller. A `principal` in the
 * event is recorded as `claimedPrincipal` (unverified) and used for nothing else. An unseal event
 * is refused (UNSEAL_NEEDS_CALLER): unsealing needs a principal other than the sealer, checked by
 * `shredlock unseal` with the caller STS names.
 *
 * Buckets come from the environment (config.ts). Returns counts, ids and record keys
 * (`complete: false` when a version failed or the notification list was not written); logs the
 * same, never object keys, the prefix, the reason or any identifier. An invalid event or config,
 * or an incident conflict, fails the invocation.
 */
import type { Context } from 'aws-lambda';
import { kmsClient, s3Client, snsClient } from '../aws/clients.js';
import { isAwsCallError } from '../aws/errors.js';
import { runSealAction, type SealActionResult } from './actions.js';
import { sealConfigFromEnv } from './config.js';
import { isSealError } from './errors.js';
import { createLogger } from '../shared/observability.js';

/** Service name of the seal Lambda's logs. */
export const SERVICE_NAME = 'shredlock-seal';

const logger = createLogger(SERVICE_NAME);
// Validated at cold start: a misconfigured function fails on its first event, loudly.
const config = sealConfigFromEnv();

/** The Lambda entry point. */
export const handler = async (event: unknown, context: Context): Promise<SealActionResult> => {
  logger.addContext(context);
  try {
    const pendingKeyClients = config.vaultName ? { kms: kmsClient(), sns: snsClient() } : {};
    const invocation = { requestId: context.awsRequestId, functionArn: context.invokedFunctionArn };
    return await runSealAction(event, { s3: s3Client(), ...pendingKeyClients, config, logger, invocation });
  } catch (error) {
    // Our errors carry ids only; anything else is named, never printed (an SDK message may hold a key).
    const known = isSealError(error) || isAwsCallError(error);
    logger.error('seal action failed', {
      error: known ? { name: error.name, code: error.code, message: error.message } : { name: (error as Error | null)?.name ?? typeof error },
    });
    throw error;
  }
};
