/**
 * The Macie client of the job custom resource: created once per process, configured from the
 * environment like the shared clients of lambdas/aws/clients.ts (endpoint, attempts, retry mode,
 * time-outs), which has no Macie client of its own.
 */
import { Macie2Client } from '@aws-sdk/client-macie2';
import { CONNECTION_TIMEOUT_MS, SOCKET_TIMEOUT_MS, clientSettingsFromEnv, type ClientSettings } from '../aws/clients.js';

/** A new Macie client. */
export function createMacieClient(settings: ClientSettings): Macie2Client {
  return new Macie2Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  });
}

let shared: Macie2Client | undefined;

/** The process's Macie client, created on first use from the environment. */
export function macieClient(): Macie2Client {
  return (shared ??= createMacieClient(clientSettingsFromEnv()));
}
