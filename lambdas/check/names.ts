/**
 * Account and partition of a deployed vault, read from ARNs and regions. The vault's resource names
 * themselves (buckets, roles, trail, Macie's role) come from contract/naming.ts, the rule the
 * stack uses too; the moto test provisions from the synthesized template, so a rename fails it.
 */

/** The partition of a region: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Partition and account of an ARN, or undefined. */
export function arnAccount(arn: string | undefined): { partition: string; account: string } | undefined {
  const m = arn ? /^arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn) : null;
  return m ? { partition: m[1], account: m[2] } : undefined;
}
