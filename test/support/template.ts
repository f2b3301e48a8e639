/**
 * Small readers over a synthesized template, for assertions and the IAM simulation.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { CfnResolver, type TemplateJson } from './cfn-resolve.js';

/** A CloudFormation resource as it appears in the template JSON. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** A policy statement as it appears in the template (values may still be intrinsics). */
export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, CfnResourceJson> {
  return template.findResources(type) as Record<string, CfnResourceJson>;
}

/** The one logical id whose id starts with `prefix` among resources of `type`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOfType(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Statements of the bucket policy attached to the bucket with logical id `bucketId`. */
export function bucketPolicyStatements(template: Template, bucketId: string): StatementJson[] {
  const policies = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')).filter(
    (p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  if (policies.length !== 1) throw new Error(`expected one policy for ${bucketId}, found ${policies.length}`);
  return statementsOf(policies[0]!.Properties!.PolicyDocument);
}

/** Statements of a policy document. */
export function statementsOf(document: unknown): StatementJson[] {
  const statements = (document as { Statement?: StatementJson | StatementJson[] }).Statement ?? [];
  return Array.isArray(statements) ? statements : [statements];
}

/** The statement with the given Sid. */
export function statementBySid(statements: readonly StatementJson[], sid: string): StatementJson {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} among ${statements.map((s) => s.Sid ?? '(no sid)').join(', ')}`);
  return found;
}

/** Action as a list. */
export function actionsOf(statement: StatementJson): string[] {
  return statement.Action === undefined ? [] : Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The one resource of `type` whose property `name` equals `value`: [logical id, resource]. */
export function resourceWith(template: Template, type: string, name: string, value: unknown): [string, CfnResourceJson] {
  const found = Object.entries(resourcesOfType(template, type)).filter(([, r]) => JSON.stringify(r.Properties?.[name]) === JSON.stringify(value));
  if (found.length !== 1) throw new Error(`expected one ${type} with ${name}=${JSON.stringify(value)}, found ${found.length}`);
  return found[0]!;
}

/** A state machine's definition, its intrinsics resolved for `env` (see cfn-resolve.ts). */
export function stateMachineDefinition(
  template: Template,
  logical: string,
  env: { readonly account: string; readonly region: string },
): Record<string, unknown> {
  const json = template.toJSON() as TemplateJson;
  const machine = json.Resources[logical];
  if (machine?.Type !== 'AWS::StepFunctions::StateMachine') throw new Error(`${logical} is not a state machine`);
  return JSON.parse(new CfnResolver(json, env).resolve(machine.Properties!.DefinitionString) as string) as Record<string, unknown>;
}
