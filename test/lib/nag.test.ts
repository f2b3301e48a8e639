/**
 * cdk-nag 3: the AwsSolutions, NIST 800-53 rev 5 and PCI DSS 3.2.1 packs report no finding that is
 * not acknowledged; every acknowledgement names one specific finding with a reason, and matches a
 * finding that really occurs (no stale or blanket acknowledgements).
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks, type NagPack } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { nagAcknowledgements } from '../../lib/acknowledgements.js';
import { synthStack } from '../support/cdk-app.js';

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new PCIDSS321Checks()];
/** Rules that report several findings per resource; acknowledging them without `[finding]` would be blanket. */
const MULTI_FINDING_RULES = ['AwsSolutions-IAM5', 'AwsSolutions-IAM4'];

const variants = {
  'cdk.json configuration': {},
  'GOVERNANCE with break-glass, Macie and e-mail': {
    retentionMode: 'GOVERNANCE',
    testAccount: true,
    macie: true,
    notificationEmail: 'ops@example.com',
    breakGlassPrincipals: ['arn:aws:iam::123456789012:role/SecurityOfficer'],
  },
  'Macie without reserved concurrency': { macie: true, reservedConcurrency: false },
} as const;

function findings(stack: Parameters<NagPack['validateScope']>[0]): string[] {
  return packs().flatMap((pack) =>
    pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)),
  );
}

describe.each(Object.entries(variants))('cdk-nag packs on the %s', (name, overrides) => {
  const slug = name.replace(/\W+/g, '-');

  it('report no unacknowledged finding', () => {
    const { stack } = synthStack(`nag-${slug}`, overrides);
    expect(findings(stack)).toEqual([]);
  });

  it('need every acknowledgement: each one matches a finding reported without it', () => {
    const { stack } = synthStack(`nag-raw-${slug}`, overrides, { acknowledgeNagFindings: false });
    const raw = new Set(findings(stack));
    const acknowledged = nagAcknowledgements(stack).map((ack) => {
      const paths = [...raw].filter((f) => f.startsWith(`${ack.id} @ ${ack.construct.node.path}`));
      return { id: ack.id, path: ack.construct.node.path, matched: paths.length };
    });
    expect(acknowledged.filter((a) => a.matched === 0)).toEqual([]);
    // And nothing else is reported: the acknowledgements cover exactly the raw findings.
    const covered = [...raw].filter((f) => !nagAcknowledgements(stack).some((ack) => f.startsWith(`${ack.id} @ ${ack.construct.node.path}`)));
    expect(covered).toEqual([]);
  });
});

describe('acknowledgements', () => {
  const { stack } = synthStack('nag-acks');
  const acks = nagAcknowledgements(stack);

  it.each(acks.map((a) => [a.id, a.construct.node.path, a.reason] as const))('%s on %s has a specific reason', (ackId, _path, reason) => {
    expect(reason.length).toBeGreaterThan(60);
    for (const rule of MULTI_FINDING_RULES) {
      if (ackId.startsWith(rule)) expect(ackId).toMatch(/\[.+\]$/);
    }
  });

  it('are never recorded on the stack or the app (no blanket acknowledgement)', () => {
    for (const ack of acks) expect(ack.construct).not.toBe(stack);
  });

  it('are recorded in construct metadata, where `cdk synth` reads them', () => {
    const recorded = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(recorded.length).toBeGreaterThanOrEqual(acks.length);
  });
});
