/**
 * Protection alarms: one EventBridge rule per entry of PROTECTION_EVENT_RULES (contract/
 * protection-events.ts), on CloudTrail management events that undo the vault's protection, each
 * publishing the event to the notification topic. The rules notify; they prevent nothing (the
 * service control policy in docs/deploy.md is what forbids).
 *
 * The topic policy lets EventBridge publish only for these rules (`aws:SourceArn`), and
 * AuditKey.allowEventRules lets it use the topic's key for them. IAM events reach EventBridge only
 * in us-east-1, so the `roles` rule fires only when the stack is deployed there.
 */
import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_PUBLISH_ACTIONS } from '../contract/permissions.js';
import {
  CLOUDTRAIL_API_CALL,
  PROTECTION_EVENT_RULES,
  protectionRuleName,
  SHREDLOCK_TAG_PREFIX,
  type ProtectionEventRule,
  type ProtectionScope,
} from '../contract/protection-events.js';

/** Props of ProtectionAlarms. */
export interface ProtectionAlarmsProps {
  /** Vault name: rule names, and the function and role name prefix, derive from it. */
  readonly vaultName: string;
  /** The topic the rules publish to. */
  readonly topic: sns.ITopic;
  /** Name and ARN of the vault's trail. */
  readonly trail: { readonly name: string; readonly arn: string };
  /** Names of the vault's buckets. */
  readonly bucketNames: readonly string[];
  /** ARN of the break-glass role. @default - no break-glass rule */
  readonly breakGlassRoleArn?: string;
}

/** EventBridge rules that notify the topic when someone undoes the vault's protection. */
export class ProtectionAlarms extends Construct {
  /** The rules, by id of PROTECTION_EVENT_RULES. */
  public readonly rules: Readonly<Record<string, events.CfnRule>>;
  /** ARNs of the rules (built from their names, so policies can name them without a cycle). */
  public readonly ruleArns: readonly string[];

  constructor(scope: Construct, id: string, props: ProtectionAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const filters: Record<ProtectionScope, Record<string, unknown> | undefined> = {
      trail: { name: [props.trail.name, props.trail.arn] },
      'account-keys': {},
      'key-tags-set': { tags: { tagKey: [{ prefix: SHREDLOCK_TAG_PREFIX }] } },
      'key-tags-unset': { tagKeys: [{ prefix: SHREDLOCK_TAG_PREFIX }] },
      buckets: { bucketName: [...props.bucketNames] },
      functions: {
        functionName: [{ prefix: `${props.vaultName}-` }, { wildcard: `arn:*:lambda:*:*:function:${props.vaultName}-*` }],
      },
      roles: { roleName: [{ prefix: `${props.vaultName}-` }] },
      'break-glass': props.breakGlassRoleArn ? { roleArn: [props.breakGlassRoleArn] } : undefined,
    };
    const rules: Record<string, events.CfnRule> = {};
    const arns: string[] = [];
    for (const rule of PROTECTION_EVENT_RULES) {
      const requestParameters = filters[rule.scope];
      if (!requestParameters) continue;
      const name = protectionRuleName(props.vaultName, rule.id);
      rules[rule.id] = new events.CfnRule(this, pascal(rule.id), {
        name,
        description: `ShredLock ${props.vaultName}: ${rule.undoes}`,
        state: 'ENABLED',
        eventPattern: eventPattern(rule, requestParameters),
        targets: [{ id: 'Notify', arn: props.topic.topicArn }],
      });
      arns.push(`arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${name}`);
    }
    this.rules = rules;
    this.ruleArns = arns;
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ProtectionRulesPublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: [...ALARM_PUBLISH_ACTIONS],
        resources: [props.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': arns } },
      }),
    );
  }
}

/** The EventBridge pattern of one rule. */
export function eventPattern(rule: ProtectionEventRule, requestParameters: Record<string, unknown>): Record<string, unknown> {
  const names = rule.eventNameMatch === 'prefix' ? rule.eventNames.map((prefix) => ({ prefix })) : [...rule.eventNames];
  return {
    source: [rule.source],
    'detail-type': [CLOUDTRAIL_API_CALL],
    detail: {
      eventSource: [rule.eventSource],
      eventName: names,
      ...(Object.keys(requestParameters).length > 0 ? { requestParameters } : {}),
    },
  };
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}
