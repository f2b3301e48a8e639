#!/usr/bin/env node
/**
 * The CDK app: reads the `shredlock` context once, creates the stack and runs the cdk-nag packs
 * AwsSolutions, NIST 800-53 rev 5 and PCI DSS 3.2.1 as validation plugins.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { isConfigError, parseConfig, readRawConfig } from '../contract/index.js';
import { ShredlockStack } from '../lib/index.js';

const app = new App();
try {
  const config = parseConfig(readRawConfig(app.node.getAllContext()));
  new ShredlockStack(app, `ShredLock-${config.vaultName}`, {
    config,
    description: `ShredLock vault "${config.vaultName}": Object-Locked backups with per-epoch KMS keys`,
    env: {
      account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: config.region ?? process.env.CDK_DEFAULT_REGION,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  app.synth();
} catch (error) {
  if (isConfigError(error)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
