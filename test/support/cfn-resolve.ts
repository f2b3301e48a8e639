/**
 * Resolve the intrinsics of a synthesized template (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, pseudo
 * parameters) to concrete strings for a fixed account and region, so policies can be handed to an
 * IAM policy evaluator with full ARNs. Only what ShredLock's templates use is supported; anything
 * else throws, so a test never evaluates a half-resolved policy.
 */
import { createHash } from 'node:crypto';
import type { CfnResourceJson } from './template.js';

/** The template JSON. */
export interface TemplateJson {
  readonly Resources: Record<string, CfnResourceJson>;
}

/** Resolves values of one template. */
export class CfnResolver {
  constructor(
    private readonly template: TemplateJson,
    private readonly env: { readonly account: string; readonly region: string; readonly partition?: string },
  ) {}

  /** A deterministic fake KMS key id for a logical id. */
  keyId(logicalId: string): string {
    const h = createHash('sha256').update(logicalId).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  /** Resolve a value deeply. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [key] = keys as [string];
      if (key === 'Ref') return this.ref(obj.Ref as string);
      if (key === 'Fn::GetAtt') {
        const [logical, attr] = obj['Fn::GetAtt'] as [string, string];
        return this.getAtt(logical, attr);
      }
      if (key === 'Fn::Join') {
        const [delimiter, parts] = obj['Fn::Join'] as [string, unknown[]];
        return parts.map((p) => this.str(p)).join(delimiter);
      }
      if (key === 'Fn::Sub') {
        return (obj['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_m, name: string) =>
          name.includes('.') ? this.getAtt(...(name.split('.') as [string, string])) : this.ref(name),
        );
      }
      if (key.startsWith('Fn::')) throw new Error(`unsupported intrinsic ${key}`);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, this.resolve(v)]));
  }

  private str(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  private ref(name: string): string {
    const partition = this.env.partition ?? 'aws';
    switch (name) {
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
    }
    const resource = this.resource(name);
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return this.str(p.BucketName);
      case 'AWS::KMS::Key':
        return this.keyId(name);
      case 'AWS::IAM::Role':
        return this.str(p.RoleName);
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${this.env.region}:${this.env.account}:${this.str(p.TopicName)}`;
      case 'AWS::Logs::LogGroup':
        return this.str(p.LogGroupName);
      case 'AWS::CloudTrail::Trail':
        return this.str(p.TrailName);
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.env.region}.amazonaws.com/${this.env.account}/${this.str(p.QueueName)}`;
      case 'AWS::Lambda::Function':
        return this.str(p.FunctionName);
      case 'AWS::StepFunctions::StateMachine':
        return `arn:${partition}:states:${this.env.region}:${this.env.account}:stateMachine:${this.str(p.StateMachineName)}`;
      default:
        throw new Error(`unsupported Ref to ${resource.Type} ${name}`);
    }
  }

  private getAtt(logical: string, attr: string): string {
    const partition = this.env.partition ?? 'aws';
    const resource = this.resource(logical);
    const p = resource.Properties ?? {};
    const key = `${resource.Type}.${attr}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${this.str(p.BucketName)}`;
      case 'AWS::KMS::Key.Arn':
        return `arn:${partition}:kms:${this.env.region}:${this.env.account}:key/${this.keyId(logical)}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${this.env.account}:role${(p.Path as string | undefined) ?? '/'}${this.str(p.RoleName)}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${this.env.region}:${this.env.account}:log-group:${this.str(p.LogGroupName)}:*`;
      case 'AWS::CloudTrail::Trail.Arn':
        return `arn:${partition}:cloudtrail:${this.env.region}:${this.env.account}:trail/${this.str(p.TrailName)}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${this.env.region}:${this.env.account}:${this.str(p.QueueName)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${this.env.region}:${this.env.account}:function:${this.str(p.FunctionName)}`;
      case 'AWS::Events::Rule.Arn':
        return `arn:${partition}:events:${this.env.region}:${this.env.account}:rule/${this.str(p.Name)}`;
      default:
        throw new Error(`unsupported Fn::GetAtt ${key} (${logical})`);
    }
  }

  private resource(logical: string): CfnResourceJson {
    const resource = this.template.Resources[logical];
    if (!resource) throw new Error(`no resource ${logical}`);
    return resource;
  }
}
