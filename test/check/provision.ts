/**
 * Deploys the parts of a synthesized ShredLock template that the compliance check reads into moto,
 * with the template's own values: buckets (Object Lock, versioning, encryption, public access
 * block, bucket policy), KMS keys (tags, rotation) and aliases, and the trail (settings, event
 * selectors, logging). A stand-in for `cdk deploy`, which moto cannot run (see NOTES.md).
 *
 * Left out: what the check does not read (roles, Lambdas, queues, log groups, the trail's
 * CloudWatch Logs wiring). moto 5.2.5 drops the BlockedEncryptionTypes of PutBucketEncryption;
 * emulateBlockedEncryptionTypes() puts it back on the client side, as S3 would answer.
 */
import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  type GetBucketEncryptionCommandOutput,
  type PutBucketEncryptionCommandInput,
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { parseConfig, readRawConfig, type ShredlockConfig } from '../../contract/config.js';
import { ShredlockStack } from '../../lib/shredlock-stack.js';
import { cdkJsonContext, outDir } from '../support/cdk-app.js';
import { CfnResolver, type TemplateJson } from '../support/cfn-resolve.js';
import type { CfnResourceJson } from '../support/template.js';

/** moto's account, and the region of the moto tests. */
export const MOTO_ENV = { account: '123456789012', region: 'us-east-1', partition: 'aws' } as const;

/** A synthesized stack: its configuration and template. */
export interface Synthesized {
  readonly config: ShredlockConfig;
  readonly template: TemplateJson;
}

/** Synthesizes the ShredLock stack for moto's account and region (cdk.json context, `overrides` on top). */
export function synthesizeForMoto(name: string, overrides: Record<string, unknown> = {}): Synthesized {
  const app = new App({ outdir: outDir(name), context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const config = parseConfig({ ...readRawConfig(app.node.getAllContext()), ...overrides });
  const stack = new ShredlockStack(app, `ShredLock-${config.vaultName}`, { config, env: { account: MOTO_ENV.account, region: MOTO_ENV.region } });
  return { config, template: app.synth().getStackByName(stack.stackName).template as TemplateJson };
}

/** Resolves intrinsics with the key ids moto gave the template's keys. */
class MotoResolver extends CfnResolver {
  constructor(
    template: TemplateJson,
    private readonly keyIds: ReadonlyMap<string, string>,
  ) {
    super(template, MOTO_ENV);
  }

  override keyId(logicalId: string): string {
    return this.keyIds.get(logicalId) ?? super.keyId(logicalId);
  }
}

/** What was deployed: moto key ids by logical id, names of buckets and the trail. */
export interface Deployed {
  readonly keyIds: ReadonlyMap<string, string>;
  readonly buckets: Readonly<Record<string, string>>;
  readonly trailName: string;
}

function ofType(template: TemplateJson, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

type Props = Record<string, unknown>;

/** Deploys the template's buckets, keys, aliases and trail into moto (see the module doc). */
export async function deployToMoto(
  clients: { s3: S3Client; kms: KMSClient; cloudtrail: CloudTrailClient },
  template: TemplateJson,
): Promise<Deployed> {
  const keyIds = new Map<string, string>();
  for (const [id, key] of ofType(template, 'AWS::KMS::Key')) {
    const p = (key.Properties ?? {}) as Props;
    const tags = ((p.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => ({ TagKey: t.Key, TagValue: t.Value }));
    const out = await clients.kms.send(new CreateKeyCommand({ Tags: tags, Description: String(p.Description ?? id) }));
    const keyId = out.KeyMetadata?.KeyId as string;
    keyIds.set(id, keyId);
    if (p.EnableKeyRotation === true) await clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  }
  const r = new MotoResolver(template, keyIds);
  for (const [, alias] of ofType(template, 'AWS::KMS::Alias')) {
    const p = r.resolve(alias.Properties) as { AliasName: string; TargetKeyId: string };
    await clients.kms.send(new CreateAliasCommand({ AliasName: p.AliasName, TargetKeyId: p.TargetKeyId.split('/').pop() }));
  }

  const buckets: Record<string, string> = {};
  for (const [id, bucket] of ofType(template, 'AWS::S3::Bucket')) {
    const p = r.resolve(bucket.Properties) as Props & {
      BucketName: string;
      ObjectLockEnabled?: boolean;
      ObjectLockConfiguration?: { ObjectLockEnabled: 'Enabled'; Rule?: { DefaultRetention?: { Mode: 'COMPLIANCE' | 'GOVERNANCE'; Days?: number } } };
      VersioningConfiguration?: { Status: 'Enabled' | 'Suspended' };
      BucketEncryption?: { ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' | 'AES256'; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean; BlockedEncryptionTypes?: { EncryptionType: string[] } }[] };
      PublicAccessBlockConfiguration?: Record<string, boolean>;
    };
    const name = p.BucketName;
    buckets[id] = name;
    const locked = p.ObjectLockEnabled === true || p.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    await clients.s3.send(new CreateBucketCommand({ Bucket: name, ...(locked ? { ObjectLockEnabledForBucket: true } : {}) }));
    if (p.VersioningConfiguration) {
      await clients.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: p.VersioningConfiguration.Status } }));
    }
    if (p.ObjectLockConfiguration?.Rule) {
      await clients.s3.send(new PutObjectLockConfigurationCommand({ Bucket: name, ObjectLockConfiguration: p.ObjectLockConfiguration }));
    }
    if (p.BucketEncryption) {
      const rules: ServerSideEncryptionRule[] = p.BucketEncryption.ServerSideEncryptionConfiguration.map((rule) => ({
        ApplyServerSideEncryptionByDefault: rule.ServerSideEncryptionByDefault,
        ...(rule.BucketKeyEnabled !== undefined ? { BucketKeyEnabled: rule.BucketKeyEnabled } : {}),
        ...(rule.BlockedEncryptionTypes ? { BlockedEncryptionTypes: { EncryptionType: rule.BlockedEncryptionTypes.EncryptionType as 'SSE-C'[] } } : {}),
      }));
      await clients.s3.send(new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration: { Rules: rules } }));
    }
    if (p.PublicAccessBlockConfiguration) {
      await clients.s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: p.PublicAccessBlockConfiguration }));
    }
  }

  const trails = ofType(template, 'AWS::CloudTrail::Trail');
  if (trails.length !== 1) throw new Error(`expected one trail in the template, found ${trails.length}`);
  const trail = trails[0][1].Properties ?? {};
  const t = {
    name: r.resolve(trail.TrailName) as string,
    bucket: r.resolve(trail.S3BucketName) as string,
    kms: r.resolve(trail.KMSKeyId) as string | undefined,
    selectors: r.resolve(trail.EventSelectors) as EventSelector[] | undefined,
    advanced: r.resolve(trail.AdvancedEventSelectors) as AdvancedEventSelector[] | undefined,
  };
  await clients.cloudtrail.send(
    new CreateTrailCommand({
      Name: t.name,
      S3BucketName: t.bucket,
      IsMultiRegionTrail: trail.IsMultiRegionTrail === true,
      IncludeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
      EnableLogFileValidation: trail.EnableLogFileValidation === true,
      ...(t.kms ? { KmsKeyId: t.kms } : {}),
    }),
  );
  if (t.selectors) await clients.cloudtrail.send(new PutEventSelectorsCommand({ TrailName: t.name, EventSelectors: t.selectors }));
  if (t.advanced) await clients.cloudtrail.send(new PutEventSelectorsCommand({ TrailName: t.name, AdvancedEventSelectors: t.advanced }));
  if (trail.IsLogging === true) await clients.cloudtrail.send(new StartLoggingCommand({ Name: t.name }));

  // Policies last: moto applies a policy's Deny statements without their conditions, so the
  // enforceSSL statement refuses object writes from then on (bucket settings still answer).
  for (const [, policy] of ofType(template, 'AWS::S3::BucketPolicy')) {
    const p = r.resolve(policy.Properties) as { Bucket: string; PolicyDocument: unknown };
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: p.Bucket, Policy: JSON.stringify(p.PolicyDocument) }));
  }
  return { keyIds, buckets, trailName: t.name };
}

/** BlockedEncryptionTypes by bucket, as last put through an emulating client. */
const blockedTypes = new Map<string, string[] | undefined>();

/** Forgets what emulateBlockedEncryptionTypes() saw (after a moto reset). */
export function forgetBlockedEncryptionTypes(): void {
  blockedTypes.clear();
}

/**
 * Makes `s3` answer GetBucketEncryption with the BlockedEncryptionTypes last given to
 * PutBucketEncryption (through any client with this middleware), which moto does not keep.
 */
export function emulateBlockedEncryptionTypes(s3: S3Client): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'PutBucketEncryptionCommand') {
        const input = args.input as PutBucketEncryptionCommandInput;
        blockedTypes.set(input.Bucket as string, input.ServerSideEncryptionConfiguration?.Rules?.[0]?.BlockedEncryptionTypes?.EncryptionType);
      }
      if (context.commandName === 'GetBucketEncryptionCommand') {
        const types = blockedTypes.get((args.input as { Bucket: string }).Bucket);
        const rule = (result.output as GetBucketEncryptionCommandOutput).ServerSideEncryptionConfiguration?.Rules?.[0];
        if (rule && types && !rule.BlockedEncryptionTypes) rule.BlockedEncryptionTypes = { EncryptionType: types as 'SSE-C'[] };
      }
      return result;
    },
    { step: 'initialize', name: 'emulate-blocked-encryption-types' },
  );
}
