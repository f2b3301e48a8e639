/**
 * How cdk-nag names one finding of a multi-finding rule (AwsSolutions-IAM5 `[Resource::...]`):
 * the resolved CloudFormation value flattened to `<Logical.Attr>` and `<AWS::Region>` forms. One
 * rule, shared by the stack's acknowledgements and MacieScanning's.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `Resource::<value>` as cdk-nag names an IAM5 finding on `value` (resolved in `scope`'s stack). */
export function resourceFinding(scope: IConstruct, value: string): string {
  return `Resource::${flattenReference(Stack.of(scope).resolve(value))}`;
}

/** Render a resolved CloudFormation value the way cdk-nag does (`<Logical.Attr>`, `<AWS::Region>`). */
export function flattenReference(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj['Fn::Join'])) {
      const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (Array.isArray(obj['Fn::GetAtt'])) {
      const [resource, attribute] = obj['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if ('Ref' in obj) return `<${flattenReference(obj.Ref)}>`;
  }
  return JSON.stringify(node);
}
