/**
 * Reserved concurrency, config `reservedConcurrency`: reserved by default (checkov CKV_AWS_115),
 * one run at a time where that matters, and the total in the ReservedConcurrency output; switched
 * off, nothing is reserved (Lambda refuses any reservation in accounts whose quota is 10) while the
 * scanners stay capped by their event sources and the Distributed Map.
 */
import { describe, expect, it } from 'vitest';
import { MACIE_DEFAULTS } from '../../lib/macie.js';
import { SCANNING_DEFAULTS } from '../../lib/scanning.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';
import { resourcesOfType, resourceWith, stateMachineDefinition } from '../support/template.js';

type Template = ReturnType<typeof synthStack>['template'];
const reserved = (template: Template) =>
  Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((f) => [
    (f.Properties!.FunctionName as string | undefined) ?? String(f.Properties!.Description),
    f.Properties!.ReservedConcurrentExecutions as number | undefined,
  ]);
const total = (template: Template) => reserved(template).reduce((sum, [, n]) => sum + ((n as number | undefined) ?? 0), 0);
const output = (template: Template) => Number(template.toJSON().Outputs.ReservedConcurrency.Value);
const maxConcurrency = (template: Template) =>
  Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')).map((m) => (m.Properties!.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency);

const base = synthStack('concurrency-base');
const macie = synthStack('concurrency-macie', { macie: true });
const unreserved = synthStack('concurrency-unreserved', { macie: true, reservedConcurrency: false });

describe('reserved (the default)', () => {
  it.each([
    ['shredlock-scan-backlog', 1],
    ['shredlock-rotator', 1],
    ['shredlock-shredder', 1],
    ['shredlock-check', 1],
    ['shredlock-seal', 2],
    ['shredlock-scanner', SCANNING_DEFAULTS.scannerConcurrency],
    ['shredlock-scan-inventory', SCANNING_DEFAULTS.inventoryConcurrency],
  ] as const)('%s reserves %d', (name, expected) => {
    expect(resourceWith(base.template, 'AWS::Lambda::Function', 'FunctionName', name)[1].Properties!.ReservedConcurrentExecutions).toBe(expected);
  });

  it('totals 26 without Macie and 29 with it, as the ReservedConcurrency output says', () => {
    expect([total(base.template), total(macie.template)]).toEqual([26, 29]);
    expect(output(base.template)).toBe(26);
    expect(output(macie.template)).toBe(29);
    expect(macie.stack.reservedConcurrencyTotal()).toBe(29);
  });

  it('caps the Macie findings event source at the findings Lambda\'s reservation (no throttled batches)', () => {
    expect(maxConcurrency(macie.template).sort()).toEqual([MACIE_DEFAULTS.findingsConcurrency, SCANNING_DEFAULTS.scannerConcurrency].sort());
  });
});

describe('reservedConcurrency: false', () => {
  it('reserves nothing, Macie Lambdas included', () => {
    expect(reserved(unreserved.template).filter(([, n]) => n !== undefined)).toEqual([]);
    expect(output(unreserved.template)).toBe(0);
  });

  it('keeps the scanners capped by the event sources and the Distributed Map', () => {
    expect(maxConcurrency(unreserved.template).sort()).toEqual([MACIE_DEFAULTS.findingsConcurrency, SCANNING_DEFAULTS.scannerConcurrency].sort());
    const [machine] = Object.keys(resourcesOfType(unreserved.template, 'AWS::StepFunctions::StateMachine'));
    const definition = stateMachineDefinition(unreserved.template, machine!, TEST_ENV) as { States: Record<string, { MaxConcurrency?: number }> };
    expect(definition.States.ScanInventory!.MaxConcurrency).toBe(SCANNING_DEFAULTS.inventoryConcurrency);
  });
});
