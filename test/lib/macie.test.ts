/**
 * MacieScanning synthesized in a small stack: the custom data identifiers (their regexes, taken
 * from the template, run in JavaScript against synthetic identifiers and look-alikes), the allow
 * list, the job custom resource's properties (and that the job Lambda accepts them), the findings
 * pipeline, IAM, cdk-nag (AwsSolutions, NIST 800-53 R5, PCI DSS 3.2.1) with the construct's
 * acknowledgements, checkov and cfn-lint, and one real esbuild bundling of both Lambdas.
 *
 * Macie itself is not called here (there is no Macie in moto); the job Lambda's calls are pinned by
 * contract tests with an SDK mock in test/macie/job-resource.test.ts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks, type NagPack } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructPropsError } from '../../lib/errors.js';
import { MACIE_DEFAULTS, MacieScanning, macieCheckovSkips, macieNagAcknowledgements, type MacieScanningProps } from '../../lib/macie.js';
import { isProvinceCode } from '../../lambdas/engine/checksums/gb11643.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { mobileDetector } from '../../lambdas/engine/detectors/mobile.js';
import { CONTEXT_BEFORE } from '../../lambdas/engine/match.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { ALLOW_LIST_ENTRIES, allowListRegex } from '../../lambdas/macie/allow-list.js';
import { FINDINGS_ENV } from '../../lambdas/macie/findings-config.js';
import { MACIE_IDENTIFIER_IDS, MACIE_IDENTIFIER_TYPES, identifierIdFromName, type MacieIdentifierId } from '../../lambdas/macie/identifier-names.js';
import { macieIdentifier, macieKeywords } from '../../lambdas/macie/identifiers.js';
import { createJobInput, parseJobProperties } from '../../lambdas/macie/job-definition.js';
import { macieRegexProblems } from '../../lambdas/macie/macie-limits.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { ensurePythonTools } from '../../scripts/python-tools.js';
import {
  LANDLINE_FORMS,
  LOOKALIKE_KINDS,
  MOBILE_FORMS,
  bankCard,
  hkMacauPermit,
  landline,
  legacyResidentId,
  lookalikes,
  mobile,
  passport,
  residentId,
  type LookalikeKind,
} from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { TEST_ENV, outDir, testApp } from '../support/cdk-app.js';
import { actionsOf, resourcesOfType, statementsOf } from '../support/template.js';

const VAULT = 'testvault';
const VAULT_BUCKET = `${VAULT}-vault-${TEST_ENV.account}-${TEST_ENV.region}`;
const TOPIC_ARN = `arn:aws:sns:${TEST_ENV.region}:${TEST_ENV.account}:${VAULT}-notifications`;
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** A stack with a vault bucket, a scanner role, a topic and MacieScanning. */
function macieStack(name: string, props: Partial<MacieScanningProps> = {}, options: { bundle?: boolean } = {}) {
  const app = testApp(name, options.bundle ? {} : SKIP_BUNDLING, { bundle: options.bundle });
  const stack = new Stack(app, 'MacieTest', { env: TEST_ENV });
  const bucket = s3.Bucket.fromBucketName(stack, 'Vault', VAULT_BUCKET);
  const scanner = new iam.Role(stack, 'Scanner', { roleName: `${VAULT}-scanner`, assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const topic = sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN);
  const macie = new MacieScanning(stack, 'Macie', {
    vaultName: VAULT,
    buckets: [bucket],
    engineVersion: ENGINE_VERSION,
    findingsRole: scanner,
    topic,
    ...props,
  });
  return {
    app,
    stack,
    macie,
    scanner,
    /** Synthesizes the app (after this, changes to the stack no longer reach app.synth()). */
    get template() {
      return Template.fromStack(stack);
    },
  };
}

const t = macieStack('macie-base').template;

/** Every custom data identifier of the template, by our id. */
function identifiersOf(template: Template): Record<MacieIdentifierId, Record<string, unknown>> {
  const found = {} as Record<MacieIdentifierId, Record<string, unknown>>;
  for (const resource of Object.values(resourcesOfType(template, 'AWS::Macie::CustomDataIdentifier'))) {
    const props = resource.Properties!;
    const id = identifierIdFromName(VAULT, props.Name as string);
    if (!id) throw new Error(`unexpected identifier ${String(props.Name)}`);
    found[id] = props;
  }
  return found;
}
const identifiers = identifiersOf(t);
const regexOf = (id: MacieIdentifierId) => identifiers[id].Regex as string;

/** Matches of a Macie regex in `号码：<value>。`, without the one or two boundary characters cn_landline consumes. */
function matchesIn(id: MacieIdentifierId, value: string): string[] {
  return [...`号码：${value}。`.matchAll(new RegExp(regexOf(id), 'g'))].map((m) => m[0].replace(/^[^0-9A-Z+(]{1,2}/, ''));
}
const finds = (id: MacieIdentifierId, value: string) => matchesIn(id, value).includes(value);
const findsAnything = (id: MacieIdentifierId, value: string) => matchesIn(id, value).length > 0;
const draw = (seed: string, n: number, make: (rng: Rng) => string) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => make(rng));
};

describe('custom data identifiers', () => {
  it('are one per id, named <vault>-<id>-<fingerprint>, with regexes in Macie\'s dialect that compile in JavaScript', () => {
    expect(Object.keys(identifiers).sort()).toEqual([...MACIE_IDENTIFIER_IDS].sort());
    for (const id of MACIE_IDENTIFIER_IDS) {
      expect(identifiers[id].Name).toMatch(new RegExp(`^${VAULT}-${id}-[0-9a-f]{8}$`));
      expect(macieRegexProblems(regexOf(id))).toEqual([]);
      expect(identifiers[id].Regex).toBe(macieIdentifier(id).regex);
    }
  });

  it.each([...MACIE_IDENTIFIER_IDS])('%s: keywords are the detector\'s context words, gated where the engine needs more than the shape', (id) => {
    const props = identifiers[id];
    const detector = DETECTORS.find((d) => d.type === MACIE_IDENTIFIER_TYPES[id])!;
    const gated: readonly MacieIdentifierId[] = [
      'cn_resident_id_15', 'bank_card', 'cn_passport', 'cn_hk_macau_permit', 'cn_landline_digits',
      'hk_id', 'mo_id', 'tw_id', 'cn_travel_permit_hk_mo', 'cn_travel_permit_tw', 'date_of_birth',
    ];
    if (gated.includes(id)) {
      expect(props.Keywords).toEqual(macieKeywords(detector.context ?? []));
      for (const word of detector.context ?? []) if ([...word].length >= 3) expect(props.Keywords).toContain(word.toLowerCase());
      expect(props.MaximumMatchDistance).toBe(CONTEXT_BEFORE + macieIdentifier(id).maxMatchLength);
      expect(props.MaximumMatchDistance as number).toBeLessThanOrEqual(300);
    } else {
      expect(detector.requiresContext ?? false).toBe(false);
      expect(props).not.toHaveProperty('Keywords');
      expect(props).not.toHaveProperty('MaximumMatchDistance');
    }
    expect(props).not.toHaveProperty('IgnoreWords');
  });

  describe('cn_resident_id', () => {
    it.each(
      draw('macie-resident', 60, (rng) => residentId(rng, { checkX: rng.chance(0.3) })).map((id) => [id]),
    )('finds %s, plain and grouped 6-8-4', (id) => {
      expect(finds('cn_resident_id', id)).toBe(true);
      expect(finds('cn_resident_id', `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe(true);
      expect(finds('cn_resident_id', id.toLowerCase())).toBe(true);
    });

    it('accepts exactly the province prefixes the engine accepts', () => {
      for (let p = 10; p <= 99; p++) expect([p, finds('cn_resident_id', `${p}010519491231002X`)]).toEqual([p, isProvinceCode(`${p}0105`)]);
    });

    it.each([
      ['month 13', '110105194913310021'],
      ['day 32', '110105194912320021'],
      ['born in the 18th century', '110105174912310021'],
      ['an 18-character window of a 19-digit run', '1110105194912310021'],
      ['glued to a letter', 'A11010519491231002X'],
    ])('refuses %s', (_name, value) => {
      expect(findsAnything('cn_resident_id', value)).toBe(false);
    });

    it('leaves to the engine what only the checksum or a calendar can tell (Feb 30, future dates, check character)', () => {
      expect(finds('cn_resident_id', '110105195002300021')).toBe(true);
      expect(finds('cn_resident_id', '110105209901010021')).toBe(true);
      for (const id of draw('macie-bad-check', 20, lookalikes.badChecksumResidentId)) expect(finds('cn_resident_id', id)).toBe(true);
    });

    it('finds legacy 15-digit IDs only with its own, keyword-gated identifier', () => {
      for (const id of draw('macie-legacy', 30, legacyResidentId)) {
        expect(finds('cn_resident_id_15', id)).toBe(true);
        expect(findsAnything('cn_resident_id', id)).toBe(false);
      }
    });
  });

  describe('cn_mobile', () => {
    it.each(MOBILE_FORMS.map((form) => [form]))('finds numbers written %s', (form) => {
      for (const value of draw(`macie-mobile-${form}`, 20, (rng) => mobile(rng, { form }))) expect(finds('cn_mobile', value)).toBe(true);
    });

    it('agrees with the engine\'s prefix table on every 3-digit prefix', () => {
      const national = mobileDetector.patterns.find((p) => p.name === 'national')!.regex;
      for (let p = 100; p <= 199; p++) {
        const value = `${p}12345678`;
        expect([value, finds('cn_mobile', value)]).toEqual([value, new RegExp(`^(?:${national.source})$`).test(value)]);
      }
    });

    it.each([
      ['a hotline', '400-123-4567'],
      ['a 95xxx service number', '95588'],
      ['a masked number', '138****5678'],
      ['a 12-digit run', '138123456789'],
      ['a 13-digit timestamp', '1732680000000'],
    ])('refuses %s', (_name, value) => {
      expect(findsAnything('cn_mobile', value)).toBe(false);
    });
  });

  describe('bank_card (UnionPay)', () => {
    it.each([
      [16, 'plain'],
      [16, 'spaced'],
      [16, 'dashed'],
      [19, 'plain'],
      [19, 'spaced'],
      [19, 'dashed'],
    ] as const)('finds %i-digit UnionPay numbers written %s', (length, grouping) => {
      for (const value of draw(`macie-card-${length}-${grouping}`, 15, (rng) => bankCard(rng, { network: 'unionpay', length, grouping }))) {
        expect(finds('bank_card', value)).toBe(true);
      }
    });

    it('leaves other networks to Macie\'s managed CREDIT_CARD_NUMBER (Luhn-validated)', () => {
      for (const value of draw('macie-visa', 10, (rng) => bankCard(rng, { network: 'visa' }))) expect(findsAnything('bank_card', value)).toBe(false);
    });

    it('cannot tell a Luhn failure from a card: that is why it needs a keyword', () => {
      const unionPay = draw('macie-luhn', 200, lookalikes.luhnFailingCard).filter((v) => v.startsWith('62'));
      expect(unionPay.length).toBeGreaterThan(0);
      for (const value of unionPay) expect(finds('bank_card', value)).toBe(true);
    });
  });

  describe('cn_passport and cn_hk_macau_permit', () => {
    it.each(['e-digits', 'e-letter', 'g-digits'] as const)('finds passports of kind %s', (kind) => {
      for (const value of draw(`macie-passport-${kind}`, 20, (rng) => passport(rng, { kind }))) expect(finds('cn_passport', value)).toBe(true);
    });

    it.each(['c-digits', 'c-letter', 'w-digits'] as const)('finds permits of kind %s', (kind) => {
      for (const value of draw(`macie-permit-${kind}`, 20, (rng) => hkMacauPermit(rng, { kind }))) expect(finds('cn_hk_macau_permit', value)).toBe(true);
    });

    it.each([
      ['cn_passport', 'EI1234567'],
      ['cn_passport', 'E1234567'],
      ['cn_passport', 'XE12345678'],
      ['cn_hk_macau_permit', 'CO1234567'],
      ['cn_hk_macau_permit', 'C123456789'],
    ] as const)('%s refuses %s', (id, value) => {
      expect(findsAnything(id, value)).toBe(false);
    });
  });

  describe('cn_landline', () => {
    it.each(LANDLINE_FORMS.filter((f) => f !== 'plain').map((form) => [form]))('finds numbers written %s', (form) => {
      for (const value of draw(`macie-landline-${form}`, 20, (rng) => landline(rng, { form }))) expect(finds('cn_landline', value)).toBe(true);
    });

    it('finds a bare digit run only with its own, keyword-gated identifier', () => {
      for (const value of draw('macie-landline-plain', 20, (rng) => landline(rng, { form: 'plain' }))) {
        expect(finds('cn_landline_digits', value)).toBe(true);
        expect(findsAnything('cn_landline', value)).toBe(false);
      }
    });

    it.each([
      ['one group of a grouped card number', '6222 0571 8888 6666'],
      ['the tail of a dashed card number', '2720-0948-5968-3179'],
      ['a subscriber starting with 1', '010-12345678'],
      ['a 7-digit subscriber after a 3-digit area code', '010-6234567'],
      ['glued to a letter', 'A010-62345678'],
    ])('refuses %s', (_name, value) => {
      expect(findsAnything('cn_landline', value)).toBe(false);
    });
  });

  it.each(
    LOOKALIKE_KINDS.filter((k): k is Exclude<LookalikeKind, 'badChecksumResidentId' | 'badDateResidentId' | 'luhnFailingCard'> =>
      !['badChecksumResidentId', 'badDateResidentId', 'luhnFailingCard'].includes(k),
    ).map((kind) => [kind]),
  )('no identifier matches %s look-alikes', (kind) => {
    for (const value of draw(`macie-lookalike-${kind}`, 50, lookalikes[kind])) {
      for (const id of MACIE_IDENTIFIER_IDS) expect([kind, value, id, findsAnything(id, value)]).toEqual([kind, value, id, false]);
    }
  });
});

describe('allow list', () => {
  const props = Object.values(resourcesOfType(t, 'AWS::Macie::AllowList'))[0]!.Properties!;
  const allowed = (text: string) => new RegExp(`^(?:${props.Criteria && (props.Criteria as { Regex: string }).Regex})$`).test(text);

  it('is one regex list named after the vault, in Macie\'s dialect', () => {
    expect(props).toMatchObject({ Name: `${VAULT}-sample-numbers`, Criteria: { Regex: allowListRegex() } });
    expect(macieRegexProblems((props.Criteria as { Regex: string }).Regex, 512)).toEqual([]);
  });

  /** How each kind of sample is also written. */
  const writtenForms = (entry: string, example: string): string[] => {
    const fours = example.match(/.{1,4}/g) ?? [];
    if (entry === 'gb11643-example') return [`${example.slice(0, 6)} ${example.slice(6, 14)} ${example.slice(14)}`, example.toLowerCase()];
    if (entry.startsWith('mobile-')) {
      const spaced = `${example.slice(0, 3)} ${example.slice(3, 7)} ${example.slice(7)}`;
      return [spaced, `+86 ${example}`, `0086-${spaced.replace(/ /g, '-')}`, `(+86)${example}`];
    }
    return [fours.join(' '), fours.join('-')];
  };

  it.each(ALLOW_LIST_ENTRIES.flatMap((e) => e.examples.map((example) => [e.name, example])))('%s allows %s, plain and as written', (name, example) => {
    expect(allowed(example)).toBe(true);
    for (const form of writtenForms(name, example)) expect([form, allowed(form)]).toEqual([form, true]);
  });

  it('covers what our identifiers would report: each Chinese sample is found by one of them', () => {
    expect(finds('cn_resident_id', '11010519491231002X')).toBe(true);
    expect(finds('cn_mobile', '13800138000')).toBe(true);
    expect(finds('bank_card', '6222020000000000000')).toBe(true);
    expect(finds('bank_card', '6200000000000005')).toBe(true);
  });

  it('never allows a real-looking identifier', () => {
    const values = [
      ...draw('allow-resident', 200, residentId),
      ...draw('allow-mobile', 200, mobile),
      ...draw('allow-card', 200, (rng) => bankCard(rng, { network: rng.pick(['unionpay', 'visa', 'mastercard'] as const) })),
      ...draw('allow-landline', 100, landline),
    ];
    for (const value of values) expect([value, allowed(value)]).toEqual([value, false]);
  });
});

describe('classification job custom resource', () => {
  const job = Object.entries(resourcesOfType(t, 'Custom::MacieClassificationJob'));

  it('passes the vault buckets, engine version, schedule, our identifiers and the allow list', () => {
    expect(job).toHaveLength(1);
    const [, resource] = job[0]!;
    const cdiIds = Object.keys(resourcesOfType(t, 'AWS::Macie::CustomDataIdentifier')).map((logical) => ({ 'Fn::GetAtt': [logical, 'Id'] }));
    const allowListId = Object.keys(resourcesOfType(t, 'AWS::Macie::AllowList'))[0]!;
    expect(resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      VaultName: VAULT,
      AccountId: TEST_ENV.account,
      BucketNames: [VAULT_BUCKET],
      EngineVersion: ENGINE_VERSION,
      ScheduleFrequency: 'daily',
      CustomDataIdentifierIds: cdiIds,
      AllowListIds: [{ 'Fn::GetAtt': [allowListId, 'Id'] }],
      ManagedDataIdentifierSelector: 'RECOMMENDED',
      InitialRun: 'true',
    });
  });

  it('has properties the job Lambda accepts, which exclude versions tagged by this engine', () => {
    // Prepare: the properties as the Lambda receives them, attribute references resolved to ids
    const [, resource] = job[0]!;
    const resolved = JSON.parse(JSON.stringify(resource.Properties), (_key, value: unknown) =>
      value && typeof value === 'object' && 'Fn::GetAtt' in value ? `id-${(value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}` : value,
    ) as unknown;
    // Act
    const input = createJobInput(parseJobProperties(resolved), 'request-1');
    // Assess
    expect(input.s3JobDefinition?.scoping?.excludes?.and?.[0]?.tagScopeTerm).toEqual({
      key: 'TAG',
      comparator: 'EQ',
      target: 'S3_OBJECT',
      tagValues: [{ key: TAG_KEYS.engine, value: ENGINE_VERSION }],
    });
    expect(input.customDataIdentifierIds).toHaveLength(MACIE_IDENTIFIER_IDS.length);
  });

  it('waits for its role\'s policy, and for nothing else but what it references', () => {
    const [, resource] = job[0]!;
    expect((resource as { DependsOn?: string[] }).DependsOn).toEqual([expect.stringMatching(/^MacieJobPolicy/)]);
  });

  it.each([
    [{ frequency: 'weekly', dayOfWeek: 'MONDAY' } as const, { ScheduleFrequency: 'weekly', DayOfWeek: 'MONDAY' }],
    [{ frequency: 'monthly', dayOfMonth: 1 } as const, { ScheduleFrequency: 'monthly', DayOfMonth: '1' }],
  ])('writes the %j schedule', (schedule, properties) => {
    macieStack(`macie-schedule-${schedule.frequency}`, { schedule }).template.hasResourceProperties('Custom::MacieClassificationJob', properties);
  });

  it('gives the job Lambda only the job actions, on classification jobs, our identifiers and the allow list', () => {
    const policy = Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy')).find((p) => String(p.Properties?.Description).includes('job custom resource'))!;
    const statements = statementsOf(policy.Properties!.PolicyDocument);
    expect(statements.map((s) => [s.Sid, actionsOf(s).sort()])).toEqual([
      ['ManageClassificationJobs', ['macie2:CreateClassificationJob', 'macie2:DescribeClassificationJob', 'macie2:TagResource', 'macie2:UpdateClassificationJob']],
      ['WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(statements[0]!.Resource).toContainEqual(`arn:aws:macie2:${TEST_ENV.region}:${TEST_ENV.account}:classification-job/*`);
  });
});

describe('Macie session', () => {
  it('is not created unless asked for (Macie may be enabled already, by another team)', () => {
    t.resourceCountIs('AWS::Macie::Session', 0);
  });

  it('when asked for, comes before every Macie resource', () => {
    const { template } = macieStack('macie-session', { createMacieSession: true });
    const session = Object.keys(resourcesOfType(template, 'AWS::Macie::Session'));
    expect(session).toHaveLength(1);
    for (const type of ['AWS::Macie::CustomDataIdentifier', 'AWS::Macie::AllowList', 'Custom::MacieClassificationJob']) {
      for (const resource of Object.values(resourcesOfType(template, type))) {
        expect((resource as { DependsOn?: string[] }).DependsOn).toContain(session[0]);
      }
    }
  });
});

describe('findings pipeline', () => {
  it('matches this vault\'s sensitive data findings only', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      Name: `${VAULT}-macie-findings`,
      EventPattern: {
        source: ['aws.macie'],
        'detail-type': ['Macie Finding'],
        detail: { category: ['CLASSIFICATION'], resourcesAffected: { s3Bucket: { name: [VAULT_BUCKET] } } },
      },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: { MaximumRetryAttempts: 8 } })],
    });
  });

  it('queues findings (TLS only, encrypted) with a dead-letter queue and an alarm on it', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: MACIE_DEFAULTS.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [TOPIC_ARN],
    });
    for (const policy of Object.values(resourcesOfType(t, 'AWS::SQS::QueuePolicy'))) {
      expect(statementsOf(policy.Properties!.PolicyDocument)).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('runs the findings Lambda as the given role, with partial batch failures and its settings in the environment', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Scanner'), 'Arn'] },
      Runtime: 'nodejs24.x',
      Environment: { Variables: { [FINDINGS_ENV.vaultName]: VAULT, [FINDINGS_ENV.vaultBuckets]: VAULT_BUCKET, [FINDINGS_ENV.tagging]: 'apply' } },
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('lets the role read and replace version tags, consume its queue and log; never read data, and no inline policy', () => {
    const policy = Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy')).find((p) => String(p.Properties?.Description).includes('findings Lambda'))!;
    expect(policy.Properties!.Roles).toEqual([{ Ref: expect.stringMatching(/^Scanner/) }]);
    const statements = statementsOf(policy.Properties!.PolicyDocument);
    expect(statements.map((s) => [s.Sid, actionsOf(s).sort()])).toEqual([
      ['ReadAndReplaceVersionTags', ['s3:GetObjectVersionTagging', 's3:PutObjectVersionTagging']],
      ['ConsumeFindings', ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']],
      ['WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(statements[0]!.Resource).toEqual(`arn:aws:s3:::${VAULT_BUCKET}/*`);
    const everyAction = Object.values(resourcesOfType(t, 'AWS::IAM::ManagedPolicy')).flatMap((p) => statementsOf(p.Properties!.PolicyDocument).flatMap(actionsOf));
    expect(everyAction.filter((a) => a.startsWith('s3:GetObject') && !a.includes('Tagging'))).toEqual([]);
    const inline = Object.values(resourcesOfType(t, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties?.Roles).includes('Scanner'));
    expect(inline).toEqual([]);
  });

  it('uses the caller\'s keys when given: log groups under /shredlock/<vault>/, queues under KMS that EventBridge may use for this rule', () => {
    // Prepare
    const app = testApp('macie-keys', SKIP_BUNDLING);
    const stack = new Stack(app, 'MacieKeys', { env: TEST_ENV });
    const logKey = new kms.Key(stack, 'LogKey');
    const queueKey = new kms.Key(stack, 'QueueKey');
    new MacieScanning(stack, 'Macie', {
      vaultName: VAULT,
      buckets: [s3.Bucket.fromBucketName(stack, 'Vault', VAULT_BUCKET)],
      engineVersion: ENGINE_VERSION,
      findingsRole: new iam.Role(stack, 'Scanner', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
      topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN),
      logKey,
      queueKey,
    });
    const template = Template.fromStack(stack);
    // Assess
    for (const name of ['macie-job', 'macie-job-provider', 'macie-findings']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/shredlock/${VAULT}/lambda/${name}`, KmsKeyId: Match.anyValue() });
    }
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() }, 2);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'EventBridgeSendsMacieFindings',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:${TEST_ENV.region}:${TEST_ENV.account}:rule/${VAULT}-macie-findings` } },
          }),
        ]),
      },
    });
  });
});

describe('props validation', () => {
  it('names every bad prop at once', () => {
    const app = testApp('macie-invalid', SKIP_BUNDLING);
    const stack = new Stack(app, 'Invalid', { env: TEST_ENV });
    const make = () =>
      new MacieScanning(stack, 'Macie', {
        vaultName: 'Bad_Name',
        buckets: [],
        engineVersion: 'v1,2',
        findingsRole: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
        topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN),
        schedule: { frequency: 'monthly', dayOfMonth: 31 },
      });
    const error = (() => {
      try {
        make();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as ConstructPropsError).problems).toEqual([
      expect.stringContaining('vaultName "Bad_Name"'),
      expect.stringContaining('buckets'),
      expect.stringContaining('engineVersion "v1,2"'),
      expect.stringContaining('schedule.dayOfMonth 31'),
    ]);
  });
});

describe('cdk-nag', () => {
  const packs = (): NagPack[] => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new PCIDSS321Checks()];
  const findings = (stack: Stack) =>
    packs().flatMap((pack) => pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)));

  it.each([
    ['with CloudWatch Logs and SQS-managed encryption', {}],
    ['with the caller\'s keys', { keys: true }],
  ])('reports nothing the construct does not acknowledge, and every acknowledgement matches a finding (%s)', (_name, variant) => {
    // Prepare: the raw findings, then the same stack with the acknowledgements recorded
    const build = (name: string) => {
      const app = testApp(name, SKIP_BUNDLING);
      const stack = new Stack(app, 'MacieNag', { env: TEST_ENV });
      const keys = 'keys' in variant ? { logKey: kms.Key.fromKeyArn(stack, 'LogKey', `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:key/log`), queueKey: kms.Key.fromKeyArn(stack, 'QueueKey', `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:key/queue`) } : {};
      const macie = new MacieScanning(stack, 'Macie', {
        vaultName: VAULT,
        buckets: [s3.Bucket.fromBucketName(stack, 'Vault', VAULT_BUCKET)],
        engineVersion: ENGINE_VERSION,
        findingsRole: iam.Role.fromRoleName(stack, 'Scanner', `${VAULT}-scanner`),
        topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN),
        ...keys,
      });
      return { stack, macie };
    };
    const raw = build(`macie-nag-raw-${'keys' in variant}`);
    const rawFindings = findings(raw.stack);
    const acks = macieNagAcknowledgements(raw.macie);
    const acked = build(`macie-nag-${'keys' in variant}`);
    for (const ack of macieNagAcknowledgements(acked.macie)) Validations.of(ack.construct).acknowledge({ id: ack.id, reason: ack.reason });
    // Assess
    expect(findings(acked.stack)).toEqual([]);
    expect(acks.filter((ack) => !rawFindings.some((f) => f.startsWith(`${ack.id} @ ${ack.construct.node.path}`))).map((a) => a.id)).toEqual([]);
    for (const ack of acks) {
      expect(ack.reason.length).toBeGreaterThan(60);
      if (/IAM[45]$/.test(ack.id.replace(/\[.*$/, ''))) expect(ack.id).toMatch(/\[.+\]$/);
      expect(ack.construct).not.toBe(raw.stack);
    }
  });
});

describe('static analysis of the template (checkov, cfn-lint)', () => {
  const run = promisify(execFile);
  let templatePath: string;
  let tools: Awaited<ReturnType<typeof ensurePythonTools>>;

  beforeAll(async () => {
    const toolsReady = ensurePythonTools();
    const { app, macie } = macieStack('macie-static');
    // The skips as acknowledgeFindings writes them: Metadata.checkov.skip on each resource.
    const byResource = new Map<CfnResource, { id: string; comment: string }[]>();
    for (const skip of macieCheckovSkips(macie)) {
      const resource = CfnResource.isCfnResource(skip.construct) ? skip.construct : (skip.construct.node.defaultChild as CfnResource);
      byResource.set(resource, [...(byResource.get(resource) ?? []), { id: skip.id, comment: skip.comment }]);
    }
    for (const [resource, skip] of byResource) resource.addMetadata('checkov', { skip });
    const assembly = app.synth();
    templatePath = join(assembly.directory, 'MacieTest.template.json');
    tools = await toolsReady;
  }, 15 * 60_000);

  const exec = async (file: string, args: string[]) => {
    try {
      const { stdout, stderr } = await run(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw error;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  it('checkov reports no failed check; every skip carries a reason', async () => {
    // Not --quiet: it leaves out the skipped checks, whose reasons are asserted here.
    const result = await exec(tools.bin('checkov'), ['--file', templatePath, '--framework', 'cloudformation', '--compact', '--skip-download', '--output', 'json']);
    const report = JSON.parse(result.stdout) as {
      results?: { failed_checks?: { check_id: string; resource: string }[]; skipped_checks?: { check_result: { suppress_comment?: string } }[] };
    };
    expect((report.results?.failed_checks ?? []).map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
    expect(report.results?.skipped_checks?.length).toBeGreaterThan(0);
    for (const skipped of report.results?.skipped_checks ?? []) expect(skipped.check_result.suppress_comment ?? '').toMatch(/^.{40,}$/s);
  });

  it('cfn-lint reports no error', async () => {
    const lint = await exec(tools.bin('cfn-lint'), ['--format', 'parseable', '--', templatePath]);
    expect(lint.code & 3, `${lint.stdout}\n${lint.stderr}`).toBe(0);
    expect(lint.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
  });
});

describe('bundling', () => {
  it('bundles both Lambdas with esbuild (AWS SDK included), and each bundle loads and exports its handler', () => {
    // Prepare
    const { app } = macieStack('macie-bundle', {}, { bundle: true });
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'MacieTest.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const bundles = Object.values(manifest.files)
      .filter((f) => f.source.packaging === 'zip')
      .map((f) => join(assembly.directory, f.source.path, 'index.js'))
      // The Provider framework's own asset has no index.js.
      .filter((bundle) => existsSync(bundle));
    // Each bundle in a folder of its own that says CommonJS (the repository's package.json says ESM).
    const check = outDir('macie-bundle-check');
    const loaded = bundles.map((bundle, i) => {
      const dir = join(check, String(i));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
      copyFileSync(bundle, join(dir, 'index.js'));
      const saved = { ...process.env };
      Object.assign(process.env, { [FINDINGS_ENV.vaultName]: VAULT, [FINDINGS_ENV.vaultBuckets]: VAULT_BUCKET, AWS_REGION: TEST_ENV.region });
      try {
        return { source: readFileSync(bundle, 'utf8'), module: createRequire(join(dir, 'index.js'))('./index.js') as { handler?: unknown } };
      } finally {
        process.env = saved;
      }
    });
    // Assess: the job bundle carries Macie2; the findings bundle has no scan engine (pdf.js, exceljs)
    expect(loaded).toHaveLength(2);
    for (const { module } of loaded) expect(typeof module.handler).toBe('function');
    expect(loaded.some(({ source }) => source.includes('CreateClassificationJob'))).toBe(true);
    const findings = loaded.find(({ source }) => source.includes(FINDINGS_ENV.vaultBuckets))!;
    expect(findings.source).not.toMatch(/pdfjs|exceljs|mammoth/);
  }, 120_000);
});
