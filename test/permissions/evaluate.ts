/**
 * The permission contract's verdicts: every recorded call of a flow, as the IAM requests AWS
 * authorizes for it (iam-requests.ts), evaluated for the flow's role in the IAM world; and the
 * actions a role holds that no recorded call used.
 */
import type { AwsCall } from '../support/aws-call-recorder.js';
import type { IamWorld, WorldPrincipal } from '../support/iam-world.js';
import { iamRequests, UnmappedCallError, type IamRequest, type NameMap } from './iam-requests.js';

/** One recorded flow: what ran, as whom, what it called, and how its names map to the stack's. */
export interface FlowRun {
  readonly flow: string;
  /** Label of the role (the roles table's name). */
  readonly role: string;
  readonly principal: WorldPrincipal;
  readonly calls: readonly AwsCall[];
  readonly names: NameMap;
}

/** One evaluated request. */
export interface Verdict {
  readonly flow: string;
  readonly role: string;
  readonly command: string;
  readonly action: string;
  readonly resource: string;
  /** The request's own context keys (the world adds TLS, principal and resource tags). */
  readonly context: Record<string, string | string[]>;
  readonly decision: 'Allowed' | 'Denied';
}

/** A flow's verdicts, and its calls that have no mapping (each one a failure of the contract). */
export interface FlowVerdicts {
  readonly verdicts: Verdict[];
  readonly unmapped: string[];
}

/** Every IAM request of every call of `run`, evaluated. */
export async function evaluateFlow(world: IamWorld, run: FlowRun): Promise<FlowVerdicts> {
  const verdicts: Verdict[] = [];
  const unmapped = new Set<string>();
  const seen = new Set<string>();
  for (const call of run.calls) {
    let requests: IamRequest[];
    try {
      requests = iamRequests(call, run.names);
    } catch (error) {
      if (!(error instanceof UnmappedCallError)) throw error;
      unmapped.add(`${run.flow}: ${error.message}`);
      continue;
    }
    for (const r of requests) {
      // A flow repeats the same request many times (one HeadObject per version); evaluate each once.
      const id = JSON.stringify([call.command, r.action, r.resource, r.context]);
      if (seen.has(id)) continue;
      seen.add(id);
      const decision = await world.decide({ principal: run.principal, action: r.action, resource: r.resource, context: r.context });
      verdicts.push({ flow: run.flow, role: run.role, command: `${call.client.replace(/Client$/, '')}.${call.command}`, action: r.action, resource: r.resource, context: r.context, decision });
    }
  }
  return { verdicts, unmapped: [...unmapped] };
}

/** One action of one Allow statement of a role: `<Sid>: <action>`, and the resources it names. */
interface Grant {
  readonly id: string;
  readonly action: string;
  readonly resources: readonly RegExp[];
}

/** An IAM resource pattern (`*` and `?` wildcards) as a regular expression. */
function resourcePattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Every action of every Allow statement of the identity policies of `principal` (the contract's lists hold no wildcard action). */
export function grants(principal: WorldPrincipal): Grant[] {
  const out: Grant[] = [];
  for (const { policy } of principal.identityPolicies) {
    const statements = (policy as { Statement?: unknown }).Statement;
    for (const s of (Array.isArray(statements) ? statements : [statements]) as { Sid?: string; Effect?: string; Action?: string | string[]; Resource?: string | string[] }[]) {
      if (s?.Effect !== 'Allow' || s.Action === undefined) continue;
      const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? '*']).map(resourcePattern);
      for (const action of Array.isArray(s.Action) ? s.Action : [s.Action]) out.push({ id: `${s.Sid ?? '(no sid)'}: ${action}`, action, resources });
    }
  }
  return out;
}

/**
 * Per role: the statement actions (`<Sid>: <action>`) that no Allowed verdict of that role used,
 * sorted. A statement action is used when a request names its action and a resource it covers
 * (conditions aside: the verdict was Allowed, so some statement's conditions held).
 */
export function unusedActions(roles: Readonly<Record<string, WorldPrincipal>>, verdicts: readonly Verdict[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [role, principal] of Object.entries(roles)) {
    const used = verdicts.filter((v) => v.role === role && v.decision === 'Allowed');
    const isUsed = (g: Grant) => used.some((v) => v.action === g.action && g.resources.some((r) => r.test(v.resource)));
    out[role] = [...new Set(grants(principal).filter((g) => !isUsed(g)).map((g) => g.id))].sort();
  }
  return out;
}

/** A copy of `principal` whose identity policies no longer name `action` (to show the contract bites). */
export function withoutAction(principal: WorldPrincipal, action: string): WorldPrincipal {
  const strip = (statement: { Action?: string | string[] }) => {
    if (statement.Action === undefined) return statement;
    const actions = (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).filter((a) => a !== action);
    return { ...statement, Action: actions };
  };
  return {
    ...principal,
    identityPolicies: principal.identityPolicies.map(({ name, policy }) => {
      const doc = policy as { Statement?: unknown };
      const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as { Action?: string | string[] }[];
      // A statement left with no action would be invalid: drop it.
      return { name, policy: { ...doc, Statement: statements.map(strip).filter((s) => !Array.isArray(s.Action) || s.Action.length > 0) } };
    }),
  };
}
