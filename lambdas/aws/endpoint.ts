/**
 * Whether the clients talk to AWS or to a test endpoint (moto, a local S3). Drills and clock
 * overrides that would destroy retained data are allowed against a test endpoint only
 * (bin/clock-guard.ts). AWS's own endpoints: `*.amazonaws.com`, `*.amazonaws.com.cn` (China),
 * `*.api.aws` (dual-stack), `*.on.aws`; a host that only resembles them (`amazonaws.com.evil`) is
 * not AWS, a proxy in front of AWS cannot be told apart (IAM is the control there).
 */
import { clientSettingsFromEnv } from './clients.js';

const AWS_DOMAINS = ['amazonaws.com', 'amazonaws.com.cn', 'api.aws', 'on.aws'] as const;

/** True when `url` names an AWS endpoint (or does not parse: then it is not trusted to be a test one). */
export function isAwsEndpoint(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return true;
  }
  return AWS_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/** The test endpoint every client uses (AWS_ENDPOINT_URL, not an AWS host); undefined when they talk to AWS. */
export function testEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { endpoint } = clientSettingsFromEnv(env);
  return endpoint !== undefined && !isAwsEndpoint(endpoint) ? endpoint : undefined;
}
