/**
 * The documentation against the code that holds the same tables: the configuration keys and their
 * defaults (contract/config.ts), the shredder's refusal reasons (lambdas/shredder/safety.ts), every
 * Lambda environment variable (contract/env/), and every relative link between README.md and docs/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_RULES } from '../contract/index.js';
import * as permissions from '../contract/permissions.js';
import { PROTECTION_EVENT_RULES } from '../contract/protection-events.js';
import { REFUSAL_REASONS } from '../lambdas/shredder/index.js';
import { REPO_ROOT } from './support/paths.js';

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
const DOCS = readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
const PAGES = ['README.md', ...DOCS];

/** The rows of the first Markdown table after `heading` in `text`, as cells. */
function tableAfter(text: string, heading: string): string[][] {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

describe('the configuration table (docs/deploy.md)', () => {
  const rows = tableAfter(read('docs/deploy.md'), '## Configuration');
  const keys = rows.flatMap(([key]) => [...(key ?? '').matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]));

  it('lists exactly the keys of the schema', () => {
    expect([...keys].sort()).toEqual(Object.keys(CONFIG_RULES).sort());
  });

  it.each(Object.entries(CONFIG_DEFAULTS))('states the default of %s as the schema has it', (key, value) => {
    const row = rows.find(([k]) => k === `\`${key}\``);
    expect(row, key).toBeDefined();
    const shown = Array.isArray(value) ? '`[]`' : `\`${String(value)}\``;
    expect(row?.[1]).toContain(shown);
  });
});

describe('the refusal reasons (docs/shredding.md)', () => {
  const text = read('docs/shredding.md');
  it.each([...REFUSAL_REASONS])('names %s', (reason) => {
    expect(text).toContain(`\`${reason}\``);
  });
});

describe('the protection rules (docs/deploy.md)', () => {
  const table = tableAfter(read('docs/deploy.md'), '## Protection alarms');
  it.each(PROTECTION_EVENT_RULES.map((r) => [r.id, r] as const))('lists %s with every event name', (id, rule) => {
    const row = table.find((cells) => cells[0] === `\`${id}\``);
    expect(row, id).toBeDefined();
    for (const name of rule.eventNames) expect(row![1]).toContain(`\`${name}\``);
  });
  it('lists no rule the contract does not have', () => {
    expect(table.map((cells) => cells[0])).toEqual(PROTECTION_EVENT_RULES.map((r) => `\`${r.id}\``));
  });
});

describe('the service control policy (docs/deploy.md)', () => {
  const text = read('docs/deploy.md');
  const section = text.slice(text.indexOf('\n## Service control policy'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  const scp = JSON.parse(block ?? '{}') as { Version: string; Statement: { Sid: string; Effect: string; Action: string[] | string; Condition?: Record<string, Record<string, string | string[]>> }[] };
  const statements = scp.Statement ?? [];
  const actionsOf = (s: (typeof statements)[number]) => [s.Action].flat();
  const exempted = (s: (typeof statements)[number]) => [s.Condition?.ArnNotLike?.['aws:PrincipalArn'] ?? []].flat();
  const contractActions = new Set(Object.values(permissions).filter(Array.isArray).flat() as string[]);

  it('is a JSON policy of Deny statements, each exempting the deploying CloudFormation role, within the SCP size limit', () => {
    expect(scp.Version).toBe('2012-10-17');
    expect(statements.length).toBeGreaterThan(3);
    for (const s of statements) {
      expect(s.Effect, s.Sid).toBe('Deny');
      expect(exempted(s), s.Sid).toContain('arn:aws:iam::*:role/cdk-*-cfn-exec-role-*');
    }
    expect(JSON.stringify(scp).length).toBeLessThanOrEqual(5120);
  });

  it('names actions as service:Action, no wildcards', () => {
    for (const action of statements.flatMap(actionsOf)) expect(action).toMatch(/^(s3|kms|cloudtrail):[A-Z][A-Za-z]+$/);
  });

  it('forbids what the issue lists', () => {
    const denied = new Set(statements.flatMap(actionsOf));
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketObjectLockConfiguration', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']) {
      expect(denied, action).toContain(action);
    }
  });

  it('never denies a vault role an action contract/permissions.ts grants it (the shredder retires keys, the rotator sets the default key)', () => {
    type Statement = (typeof statements)[number];
    // Each role, what it is granted, and which SCP statements reach what it is granted it on.
    const runtime: [role: string, actions: readonly string[], reaches: (s: Statement) => boolean][] = [
      ['arn:aws:iam::*:role/shredlock/shredlock-shredder', permissions.SHREDDER_KMS_ACTIONS, (s) => s.Condition?.StringEquals?.['aws:ResourceTag/shredlock:vault'] !== undefined],
      ['arn:aws:iam::*:role/shredlock/shredlock-rotator', permissions.ROTATOR_BUCKET_ACTIONS, (s) => actionsOf(s).every((a) => a.startsWith('s3:'))],
    ];
    // Key administration is the account's (CloudFormation's), not a vault role's.
    const adminOnly = new Set<string>(permissions.KEY_ADMIN_ACTIONS);
    const checked = statements.flatMap((s) => actionsOf(s).filter((a) => contractActions.has(a) && !adminOnly.has(a)).map((a) => [s, a] as const));
    expect(checked.length).toBeGreaterThan(0);
    for (const [s, action] of checked) {
      const owners = runtime.filter(([, actions]) => actions.includes(action));
      expect(owners, `${s.Sid} ${action} is granted to a role the test does not know`).not.toEqual([]);
      for (const [role] of owners.filter(([, , reaches]) => reaches(s))) expect(exempted(s), `${s.Sid} ${action}`).toContain(role);
    }
  });

  it('says the stack does not enforce it', () => {
    expect(section).toContain('The stack does not create or check this');
  });
});

describe('the Lambda environment (docs/)', () => {
  const sources = readdirSync(join(REPO_ROOT, 'contract', 'env')).map((f) => read(`contract/env/${f}`)).join('\n');
  const variables = [...new Set([...sources.matchAll(/'(SHREDLOCK_[A-Z_]+)'/g)].map((m) => m[1] as string))];
  const docs = DOCS.map(read).join('\n');

  it('has variables to check', () => {
    expect(variables.length).toBeGreaterThan(10);
  });
  it.each(variables)('documents %s', (variable) => {
    expect(docs).toContain(variable);
  });
});

describe('links between the pages', () => {
  const links = PAGES.flatMap((page) =>
    [...read(page).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] as string)
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
      .map((target) => ({ page, target })),
  );

  it('has links to check', () => {
    expect(links.length).toBeGreaterThan(10);
  });
  it.each(links)('$page -> $target exists', ({ page, target }) => {
    const [path = '', anchor] = target.split('#');
    const file = join(REPO_ROOT, dirname(page), path);
    expect(existsSync(file), target).toBe(true);
    if (anchor && file.endsWith('.md')) {
      const slugs = [...readFileSync(file, 'utf8').matchAll(/^#{1,4} (.+)$/gm)].map((m) =>
        (m[1] as string).trim().toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-'),
      );
      expect(slugs, target).toContain(anchor);
    }
  });
});
