/**
 * The synthesized stack as an IAM "world": each role with its identity policies, each bucket and key
 * with its resource policy (and each key's tags), all resolved to full ARNs for TEST_ENV. Requests
 * are evaluated by @cloud-copilot/iam-simulate (AGPL-3.0: a test-only tool, never imported from
 * lib/ or lambdas/). The evaluator fills in no context keys by itself, so `decide` sets
 * aws:SecureTransport, aws:PrincipalArn, aws:PrincipalAccount and the resource tags of keys; each
 * case adds the request-specific keys (encryption headers, kms:ViaService).
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';
import { CfnResolver, type TemplateJson } from './cfn-resolve.js';
import type { CfnResourceJson } from './template.js';

/** A principal of the world. */
export interface WorldPrincipal {
  /** IAM role ARN (with path): the value of aws:PrincipalArn. */
  readonly roleArn: string;
  /** The session ARN that makes requests. */
  readonly sessionArn: string;
  /** Identity policies attached to the role. */
  readonly identityPolicies: { name: string; policy: unknown }[];
}

/** One request to evaluate. */
export interface WorldRequest {
  readonly principal: WorldPrincipal;
  readonly action: string;
  /** Full ARN of the resource (object, bucket, key, trail, log group or "*"). */
  readonly resource: string;
  /** Extra context keys for this request. */
  readonly context?: Record<string, string | string[]>;
  /** Simulate a request without TLS. @default false */
  readonly insecure?: boolean;
}

/** Allowed, or denied (explicitly or implicitly). */
export type Decision = 'Allowed' | 'Denied';

/** The stack's policies, resolved. */
export class IamWorld {
  readonly resolver: CfnResolver;
  private readonly resources: Record<string, CfnResourceJson>;
  /** Bucket name -> bucket policy document. */
  readonly bucketPolicies = new Map<string, unknown>();
  /** Key ARN -> key policy document. */
  readonly keyPolicies = new Map<string, unknown>();
  /** Key ARN -> tags. */
  readonly keyTags = new Map<string, Record<string, string>>();
  /** Role ARN -> trust policy (the resource policy of sts:AssumeRole). */
  readonly trustPolicies = new Map<string, unknown>();
  /** Bucket name -> ARN of its default SSE-KMS key (buckets with SSE-S3 are absent). */
  readonly bucketKeys = new Map<string, string>();
  /** Topic ARN -> ARN of its KMS key (encrypted topics only). */
  readonly topicKeys = new Map<string, string>();

  constructor(
    template: Template,
    readonly env: { readonly account: string; readonly region: string },
  ) {
    const json = template.toJSON() as TemplateJson;
    this.resources = json.Resources;
    this.resolver = new CfnResolver(json, env);
    for (const [id, r] of Object.entries(this.resources)) {
      if (r.Type === 'AWS::S3::BucketPolicy') {
        this.bucketPolicies.set(this.resolver.resolve(r.Properties!.Bucket) as string, this.resolver.resolve(r.Properties!.PolicyDocument));
      }
      if (r.Type === 'AWS::S3::Bucket') {
        const rule = (r.Properties!.BucketEncryption as { ServerSideEncryptionConfiguration?: { ServerSideEncryptionByDefault?: { KMSMasterKeyID?: unknown } }[] } | undefined)
          ?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
        if (rule?.KMSMasterKeyID !== undefined) {
          this.bucketKeys.set(this.resolver.resolve(r.Properties!.BucketName) as string, this.resolver.resolve(rule.KMSMasterKeyID) as string);
        }
      }
      if (r.Type === 'AWS::SNS::Topic' && r.Properties!.KmsMasterKeyId !== undefined) {
        const topicArn = `arn:aws:sns:${env.region}:${env.account}:${this.resolver.resolve(r.Properties!.TopicName) as string}`;
        this.topicKeys.set(topicArn, this.resolver.resolve(r.Properties!.KmsMasterKeyId) as string);
      }
      if (r.Type === 'AWS::IAM::Role' && typeof r.Properties!.RoleName === 'string') {
        const arn = `arn:aws:iam::${env.account}:role${(r.Properties!.Path as string | undefined) ?? '/'}${r.Properties!.RoleName}`;
        this.trustPolicies.set(arn, this.resolver.resolve(r.Properties!.AssumeRolePolicyDocument));
      }
      if (r.Type === 'AWS::KMS::Key') {
        const arn = this.resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) as string;
        this.keyPolicies.set(arn, this.resolver.resolve(r.Properties!.KeyPolicy));
        const tags = (r.Properties!.Tags as { Key: string; Value: string }[] | undefined) ?? [];
        this.keyTags.set(arn, Object.fromEntries(tags.map((t) => [t.Key, t.Value])));
      }
    }
  }

  /**
   * Add a key as the runtime would create it for a later epoch: the policy frame of `templateKeyArn`
   * (epoch keys' policies hold nothing epoch-specific) and the given tags. Returns its ARN.
   */
  addRuntimeKey(templateKeyArn: string, keyId: string, tags: Record<string, string>): string {
    const arn = `arn:aws:kms:${this.env.region}:${this.env.account}:key/${keyId}`;
    this.keyPolicies.set(arn, this.keyPolicies.get(templateKeyArn));
    this.keyTags.set(arn, tags);
    return arn;
  }

  /** ARN of the first KMS key whose logical id starts with `prefix`. */
  keyArn(prefix: string): string {
    const id = Object.keys(this.resources).find((k) => k.startsWith(prefix) && this.resources[k]!.Type === 'AWS::KMS::Key');
    if (!id) throw new Error(`no key ${prefix}`);
    return this.resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) as string;
  }

  /** The role named `roleName`, with its managed and inline policies. */
  role(roleName: string): WorldPrincipal {
    const entry = Object.entries(this.resources).find(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties!.RoleName === roleName);
    if (!entry) throw new Error(`no role ${roleName}`);
    const [logical, role] = entry;
    const attached = Object.entries(this.resources).filter(
      ([, r]) =>
        (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') &&
        ((r.Properties!.Roles as unknown[] | undefined) ?? []).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: logical })),
    );
    return {
      roleArn: this.resolver.resolve({ 'Fn::GetAtt': [logical, 'Arn'] }) as string,
      sessionArn: `arn:aws:sts::${this.env.account}:assumed-role/${role.Properties!.RoleName as string}/test-session`,
      identityPolicies: attached.map(([id, r]) => ({ name: id, policy: this.resolver.resolve(r.Properties!.PolicyDocument) })),
    };
  }

  /** A principal outside the stack with the given identity policies (e.g. an administrator). */
  outsider(roleName: string, identityPolicies: { name: string; policy: unknown }[]): WorldPrincipal {
    return {
      roleArn: `arn:aws:iam::${this.env.account}:role/${roleName}`,
      sessionArn: `arn:aws:sts::${this.env.account}:assumed-role/${roleName}/test-session`,
      identityPolicies,
    };
  }

  /** The resource policy that governs `resource` (bucket policy, key policy, or none). */
  resourcePolicyFor(resource: string): unknown {
    const s3 = /^arn:aws:s3:::([^/]+)/.exec(resource);
    if (s3) return this.bucketPolicies.get(s3[1]!);
    if (resource.startsWith('arn:aws:iam:')) return this.trustPolicies.get(resource);
    if (resource.startsWith('arn:aws:kms:')) {
      // A key outside the stack gets the default key policy: the account's IAM policies decide.
      return (
        this.keyPolicies.get(resource) ?? {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${this.env.account}:root` }, Action: 'kms:*', Resource: '*' }],
        }
      );
    }
    return undefined;
  }

  /** Evaluate one request; throws when the simulator rejects the input. */
  async decide(request: WorldRequest): Promise<Decision> {
    const tags = this.keyTags.get(request.resource) ?? {};
    const context: Record<string, string | string[]> = {
      'aws:SecureTransport': request.insecure ? 'false' : 'true',
      'aws:PrincipalArn': request.principal.roleArn,
      'aws:PrincipalAccount': this.env.account,
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])),
      ...(request.resource.startsWith('arn:aws:s3:') ? { 's3:TlsVersion': request.insecure ? '1.0' : '1.3' } : {}),
      ...request.context,
    };
    const resourcePolicy = this.resourcePolicyFor(request.resource);
    const simulation: Simulation = {
      request: {
        principal: request.principal.sessionArn,
        action: request.action,
        resource: { resource: request.resource, accountId: this.env.account },
        contextVariables: context,
      },
      identityPolicies: request.principal.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(`simulation rejected: ${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
  }
}
