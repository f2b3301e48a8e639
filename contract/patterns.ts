/**
 * The shapes of the names and identifiers the stack and the runtime exchange, written once. Plain
 * regular expressions: the CDK configuration, the Lambdas' environment and event schemas and the
 * CLI all test against these.
 */

/** An S3 bucket name (3-63 characters: lowercase letters, digits, "." and "-"). */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Vault names: they become part of bucket names, aliases and tags. */
export const VAULT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;

/** "YYYY-MM": the form of every epoch. */
export const EPOCH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The IAM part of a principal ARN: the account root, a role or a user (with their paths). */
const IAM_PRINCIPAL = String.raw`iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)`;

/** An IAM role, user or root ARN: what the configuration accepts as a principal. */
export const IAM_PRINCIPAL_ARN_PATTERN = new RegExp(`^arn:(aws[a-z-]*):${IAM_PRINCIPAL}$`);

/**
 * An IAM role, user or root ARN, or an STS assumed-role session ARN: what a caller identity may be.
 * Groups: 1 partition; 2 account and 3 resource of an IAM ARN; 4 account and 5 role of a session.
 */
export const PRINCIPAL_ARN_PATTERN = new RegExp(
  `^arn:(aws[a-z-]*):(?:${IAM_PRINCIPAL}|sts::(\\d{12}):assumed-role\\/([\\w+=,.@-]+)\\/[\\w+=,.@-]+)$`,
);

/** An SNS topic ARN. */
export const SNS_TOPIC_ARN_PATTERN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;

/** A KMS key ARN (not an alias). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** An AWS region such as "eu-central-1" or "cn-north-1". */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
