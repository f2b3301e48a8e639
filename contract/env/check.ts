/**
 * Environment of the compliance-check Lambda (lib/compliance-check.ts writes it, lambdas/check/
 * reads it): the `shredlock` configuration as the stack used it, parsed again by the same schema
 * (contract/config.ts), so the check holds the vault to exactly what was deployed.
 *
 * | Variable              | Meaning                                                           |
 * |-----------------------|-------------------------------------------------------------------|
 * | `SHREDLOCK_CONFIG`    | the parsed configuration as JSON, without CHECK_CONFIG_OMITTED_KEYS |
 * | `SHREDLOCK_TOPIC_ARN` | where drift is published (none: no notice)                        |
 */
import { parseConfig, type ShredlockConfig } from '../config.js';
import { SNS_TOPIC_ARN_PATTERN } from '../patterns.js';
import type { EncodedEnv, Env } from './decode.js';

/** Variable names. */
export const CHECK_ENV = { config: 'SHREDLOCK_CONFIG', topicArn: 'SHREDLOCK_TOPIC_ARN' } as const;

/**
 * Configuration keys left out of `SHREDLOCK_CONFIG`: the check does not use them, and an e-mail
 * address is personal data that would show in the function's configuration to everyone who may
 * read it.
 */
export const CHECK_CONFIG_OMITTED_KEYS = ['notificationEmail'] as const satisfies readonly (keyof ShredlockConfig)[];

/** `SHREDLOCK_CONFIG`: the parsed configuration as the stack used it, without CHECK_CONFIG_OMITTED_KEYS. */
export function checkConfigJson(config: ShredlockConfig): string {
  const kept = Object.entries(config).filter(([key]) => !(CHECK_CONFIG_OMITTED_KEYS as readonly string[]).includes(key));
  return JSON.stringify(Object.fromEntries(kept));
}

/** What the check Lambda reads from its environment. */
export interface CheckEnv {
  readonly config: ShredlockConfig;
  readonly topicArn?: string;
}

/** The check Lambda's environment. */
export function encodeCheckEnv(env: { readonly config: ShredlockConfig; readonly topicArn: string }): EncodedEnv {
  return { [CHECK_ENV.config]: checkConfigJson(env.config), [CHECK_ENV.topicArn]: env.topicArn };
}

/** A variable of the check's environment that cannot be used, and why. */
export interface CheckEnvProblem {
  readonly variable: string;
  readonly problem: string;
}

/**
 * The check's settings from its environment, or the first unusable variable. An invalid
 * configuration throws ConfigError (contract/config-error.ts), as `cdk synth` would.
 */
export function decodeCheckEnv(env: Env): { readonly ok: true; readonly value: CheckEnv } | ({ readonly ok: false } & CheckEnvProblem) {
  const text = env[CHECK_ENV.config]?.trim();
  if (!text) return { ok: false, variable: CHECK_ENV.config, problem: 'required: the shredlock configuration as JSON' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, variable: CHECK_ENV.config, problem: 'not JSON' };
  }
  const topicArn = env[CHECK_ENV.topicArn]?.trim() || undefined;
  if (topicArn !== undefined && !SNS_TOPIC_ARN_PATTERN.test(topicArn)) {
    return { ok: false, variable: CHECK_ENV.topicArn, problem: 'not an SNS topic ARN' };
  }
  return { ok: true, value: { config: parseConfig(raw), ...(topicArn ? { topicArn } : {}) } };
}
