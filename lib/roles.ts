/**
 * The roles of a vault, each able to do its one job. Trust policies are explicit; each role
 * has one customer-managed policy built from the action lists in permissions.ts. Vault-key
 * permissions name no key: they hold for any key in the account tagged `shredlock:vault=<vault>`,
 * so keys the runtime creates for later epochs need no policy change.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors.js';
import {
  anyKeyInAccountArn,
  BACKLOG_STATE_PREFIX,
  certificatePrefix,
  epochAliasPrefix,
  INCIDENTS_PREFIX,
  RECORD_PREFIXES,
  ROLE_PATH,
  roleName,
  TAG_EPOCH,
  TAG_EPOCH_MONTHS,
  TAG_SHRED_NOT_BEFORE,
  TAG_VAULT,
  type RoleKind,
} from './naming.js';
import {
  AUDIT_KEY_ENCRYPT_ACTIONS,
  AUDITOR_KMS_ACTIONS,
  AUDITOR_LOGS_ACTIONS,
  AUDITOR_LOOKUP_ACTIONS,
  AUDITOR_S3_ACTIONS,
  AUDITOR_TRAIL_ACTIONS,
  AUDITOR_TRAIL_KEY_ACTIONS,
  AUDITOR_VAULT_KEY_ACTIONS,
  BREAK_GLASS_KMS_ACTIONS,
  BREAK_GLASS_S3_ACTIONS,
  CHECKER_AUDIT_KEY_ACTIONS,
  CHECKER_BUCKET_ACTIONS,
  CHECKER_TRAIL_ACTIONS,
  CHECKER_VAULT_KEY_ACTIONS,
  KEY_TAG_READ_ACTIONS,
  LIST_ALIASES_ACTIONS,
  LIST_KEYS_ACTIONS,
  LIST_VERSIONS_ACTIONS,
  NOTIFY_ACTIONS,
  NOTIFY_KEY_ACTIONS,
  RECORD_LIST_ACTIONS,
  INCIDENT_RECORD_READ_ACTIONS,
  RECORD_READ_ACTIONS,
  RECORD_WRITE_ACTIONS,
  ROTATOR_ALIAS_ACTIONS,
  ROTATOR_BUCKET_ACTIONS,
  ROTATOR_CREATE_KEY_ACTIONS,
  ROTATOR_KEY_ACTIONS,
  ROTATOR_TAG_ON_CREATE_ACTIONS,
  SCANNER_KMS_ACTIONS,
  SCANNER_READ_ACTIONS,
  SCANNER_TAG_ACTIONS,
  SEALER_CANCEL_KEY_ACTIONS,
  SEALER_CERTIFICATE_READ_ACTIONS,
  SEALER_HOLD_ACTIONS,
  SEALER_KMS_ACTIONS,
  SEALER_READ_ACTIONS,
  SHREDDER_HEAD_ACTIONS,
  SHREDDER_INVENTORY_KMS_ACTIONS,
  SHREDDER_INVENTORY_LIST_ACTIONS,
  SHREDDER_INVENTORY_READ_ACTIONS,
  SHREDDER_BUCKET_ACTIONS,
  SHREDDER_KMS_ACTIONS,
  SHREDDER_S3_ACTIONS,
  WRITER_KMS_ACTIONS,
  WRITER_S3_ACTIONS,
} from '../contract/permissions.js';

/** The tags the rotator puts on a key it creates (lambdas/keys/rotator.ts epochKeyTags). */
export const EPOCH_KEY_TAG_KEYS = [TAG_VAULT, TAG_EPOCH, TAG_EPOCH_MONTHS, TAG_SHRED_NOT_BEFORE] as const;

/** MFA age limit of break-glass sessions, in seconds (equal to the role's maximum session). */
export const BREAK_GLASS_MFA_MAX_AGE_SECONDS = 3600;

/** Trust conditions of the break-glass role: a caller signed in with MFA within the last hour. */
export const BREAK_GLASS_MFA_CONDITIONS = {
  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
  NumericLessThanEquals: { 'aws:MultiFactorAuthAge': String(BREAK_GLASS_MFA_MAX_AGE_SECONDS) },
} as const;

/** ARNs of what the roles work on. ARNs may be tokens. */
export interface VaultRoleTargets {
  /** Vault bucket ARN. */
  readonly vaultBucketArn: string;
  /** Records bucket ARN. */
  readonly recordsBucketArn: string;
  /** Object ARN pattern of scan reports. */
  readonly reportsArn: string;
  /** Object ARN pattern of destruction certificates. */
  readonly certificatesArn: string;
  /** Trail bucket ARN. */
  readonly trailBucketArn: string;
  /** Inventory bucket ARN. */
  readonly inventoryBucketArn: string;
  /**
   * Key prefix of the vault bucket's S3 Inventory reports in the inventory bucket,
   * `<destination prefix>/<vault bucket>/<config id>/` (naming.ts inventoryReportPrefix): the shredder
   * reads manifests and data files under it, nothing else of the bucket.
   */
  readonly inventoryReportPrefix: string;
  /** ARN of the inventory bucket's encryption key. @default auditKeyArn (the stack encrypts inventory with the audit key) */
  readonly inventoryKeyArn?: string;
  /** Server access log bucket ARN. */
  readonly accessLogsBucketArn: string;
  /** Trail ARN. */
  readonly trailArn: string;
  /** Trail log group ARN as CDK returns it (`...:log-group:<name>:*`, covers its streams). */
  readonly trailLogGroupArn: string;
  /** Trail log group name (its ARN without `:*` is the resource of FilterLogEvents). */
  readonly trailLogGroupName: string;
  /** Audit key ARN. */
  readonly auditKeyArn: string;
  /** Notification topic ARN. */
  readonly topicArn: string;
}

/** Props of VaultRoles. */
export interface VaultRolesProps extends VaultRoleTargets {
  /** Vault name: role names and the key tag condition derive from it. */
  readonly vaultName: string;
  /** Principals that may assume the writer role. @default - the account (its IAM policies decide) */
  readonly writerPrincipals?: readonly string[];
  /** Principals that may assume the auditor role. @default - the account (its IAM policies decide) */
  readonly auditorPrincipals?: readonly string[];
  /** Principals that may assume the break-glass role. @default - no break-glass role */
  readonly breakGlassPrincipals?: readonly string[];
}

/**
 * writer, scanner, shredder, rotator, sealer, checker, auditor and (when configured) break-glass.
 *
 * | Role        | Assumed by | Does                                                                  |
 * |-------------|------------|-----------------------------------------------------------------------|
 * | writer      | account    | puts backups                                                          |
 * | scanner     | Lambda     | reads and tags versions, writes reports and its backlog state         |
 * | shredder    | Lambda     | retires vault keys after reading retention, holds, the ledger and the vault's inventory |
 * | rotator     | Lambda     | creates and aliases epoch keys, sets the bucket default, writes epochs |
 * | sealer      | Lambda     | places and lifts legal holds, rescans sealed versions, writes incidents; cancels the deletion of a vault key under a sealed version |
 * | checker     | Lambda     | reads bucket, trail and key configuration; publishes drift, changes nothing |
 * | auditor     | account    | reads evidence, never vault data                                      |
 * | break-glass | configured, with MFA | restores, changes GOVERNANCE retention and legal holds       |
 */
export class VaultRoles extends Construct {
  /** Puts backups; cannot read, delete, retag or change retention. */
  public readonly writer: iam.Role;
  /** Reads versions and tags, writes tags and reports, decrypts (Lambda). */
  public readonly scanner: iam.Role;
  /** Retires vault keys, reads retention and legal holds, writes certificates (Lambda). */
  public readonly shredder: iam.Role;
  /** Creates the next epoch's key, points the bucket default at the current one, records epochs (Lambda). */
  public readonly rotator: iam.Role;
  /** Places and lifts legal holds, rescans sealed versions, writes incident records (Lambda). */
  public readonly sealer: iam.Role;
  /** Reads the configuration of buckets, trail and keys and publishes drift; no data, no change (Lambda). */
  public readonly checker: iam.Role;
  /** Reads the trail, reports, certificates and inventory; never vault data. */
  public readonly auditor: iam.Role;
  /** Emergency access for GOVERNANCE vaults; undefined unless breakGlassPrincipals is set. */
  public readonly breakGlass?: iam.Role;
  /** The one customer-managed policy of each role; the runtime constructs add their plumbing to it. */
  public readonly policies: Readonly<Partial<Record<RoleKind, iam.ManagedPolicy>>>;

  private readonly policyOf: Partial<Record<RoleKind, iam.ManagedPolicy>> = {};

  private readonly vaultName: string;

  constructor(scope: Construct, id: string, props: VaultRolesProps) {
    super(scope, id);
    const principalLists = {
      writerPrincipals: props.writerPrincipals,
      auditorPrincipals: props.auditorPrincipals,
      breakGlassPrincipals: props.breakGlassPrincipals,
    };
    const problems = Object.entries(principalLists).flatMap(([key, arns]) =>
      (arns ?? []).filter((arn) => !arn.startsWith('arn:')).map((arn) => `${key} entry "${arn}" must be an IAM ARN`),
    );
    if (problems.length > 0) throw new ConstructPropsError('VaultRoles', problems);
    this.vaultName = props.vaultName;

    const stack = Stack.of(this);
    const vaultKeys = anyKeyInAccountArn(stack);
    const vaultObjects = `${props.vaultBucketArn}/*`;
    const viaS3 = `s3.${stack.region}.amazonaws.com`;
    const vaultKeyConditions = {
      StringEquals: { [`aws:ResourceTag/${TAG_VAULT}`]: props.vaultName, 'kms:ViaService': viaS3 },
    };
    const lambda = new iam.ServicePrincipal('lambda.amazonaws.com');
    const accountOr = (arns: readonly string[] | undefined): iam.IPrincipal =>
      arns && arns.length > 0
        ? new iam.CompositePrincipal(...arns.map((arn) => new iam.ArnPrincipal(arn)))
        : new iam.AccountRootPrincipal();
    const recordWriterStatements = (recordsArn: string, sid: string) => [
      allow(sid, RECORD_WRITE_ACTIONS, [recordsArn]),
      allow('EncryptRecordsAndNotifications', AUDIT_KEY_ENCRYPT_ACTIONS, [props.auditKeyArn]),
      allow('Notify', NOTIFY_ACTIONS, [props.topicArn]),
    ];
    const records = (prefix: string) => `${props.recordsBucketArn}/${prefix}*`;
    const listRecords = allow('ListRecords', RECORD_LIST_ACTIONS, [props.recordsBucketArn]);
    const vaultTagged = { StringEquals: { [`aws:ResourceTag/${TAG_VAULT}`]: props.vaultName } };

    this.writer = this.role('writer', accountOr(props.writerPrincipals), 'Puts backups into the vault', [
      allow('PutBackups', WRITER_S3_ACTIONS, [vaultObjects]),
      allow('UseVaultKeysViaS3', WRITER_KMS_ACTIONS, [vaultKeys], vaultKeyConditions),
    ]);
    const backlogState = records(BACKLOG_STATE_PREFIX);
    this.scanner = this.role('scanner', lambda, 'Scans vault objects for personal data and tags them', [
      allow('ReadVersionsAndTags', SCANNER_READ_ACTIONS, [vaultObjects]),
      allow('ListVersions', LIST_VERSIONS_ACTIONS, [props.vaultBucketArn]),
      allow('WriteTags', SCANNER_TAG_ACTIONS, [vaultObjects]),
      allow('DecryptVaultObjectsViaS3', SCANNER_KMS_ACTIONS, [vaultKeys], vaultKeyConditions),
      allow('WriteReports', RECORD_WRITE_ACTIONS, [props.reportsArn, backlogState]),
      allow('ReadBacklogState', RECORD_READ_ACTIONS, [backlogState]),
      listRecords,
      allow('EncryptRecords', AUDIT_KEY_ENCRYPT_ACTIONS, [props.auditKeyArn]),
    ]);
    const ledger = records(RECORD_PREFIXES.epochs);
    this.shredder = this.role('shredder', lambda, 'Retires epoch keys whose retention has ended', [
      allow('RetireVaultKeys', SHREDDER_KMS_ACTIONS, [vaultKeys], vaultTagged),
      allow('ReadVaultKeyTags', KEY_TAG_READ_ACTIONS, [vaultKeys], vaultTagged),
      allow('ListAliases', LIST_ALIASES_ACTIONS, ['*']),
      allow('ReadRetentionAndLegalHolds', SHREDDER_S3_ACTIONS, [vaultObjects]),
      allow('HeadVersions', SHREDDER_HEAD_ACTIONS, [vaultObjects]),
      allow('ListVersions', LIST_VERSIONS_ACTIONS, [props.vaultBucketArn]),
      allow('ReadBucketDefaultKey', SHREDDER_BUCKET_ACTIONS, [props.vaultBucketArn]),
      allow('ReadLedgerAndCertificates', RECORD_READ_ACTIONS, [ledger, props.certificatesArn]),
      listRecords,
      ...recordWriterStatements(props.certificatesArn, 'WriteCertificates'),
      // Evidence from the S3 Inventory above the listing limit (lambdas/shredder/evidence-method.ts).
      allow('ListInventory', SHREDDER_INVENTORY_LIST_ACTIONS, [props.inventoryBucketArn]),
      allow('ReadVaultInventory', SHREDDER_INVENTORY_READ_ACTIONS, [`${props.inventoryBucketArn}/${props.inventoryReportPrefix}*`]),
      allow('DecryptInventoryViaS3', SHREDDER_INVENTORY_KMS_ACTIONS, [props.inventoryKeyArn ?? props.auditKeyArn], {
        StringEquals: { 'kms:ViaService': viaS3 },
      }),
    ]);
    this.rotator = this.role('rotator', lambda, 'Creates epoch keys ahead of time and points the vault default at the current one', [
      allow('CreateVaultKeys', ROTATOR_CREATE_KEY_ACTIONS, ['*'], {
        StringEquals: {
          [`aws:RequestTag/${TAG_VAULT}`]: props.vaultName,
          'kms:KeySpec': 'SYMMETRIC_DEFAULT',
          'kms:KeyUsage': 'ENCRYPT_DECRYPT',
          'kms:KeyOrigin': 'AWS_KMS',
        },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [...EPOCH_KEY_TAG_KEYS] },
        Bool: { 'kms:MultiRegion': 'false' },
      }),
      allow('TagNewVaultKeys', ROTATOR_TAG_ON_CREATE_ACTIONS, [vaultKeys], {
        StringEquals: { [`aws:RequestTag/${TAG_VAULT}`]: props.vaultName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [...EPOCH_KEY_TAG_KEYS] },
        Null: { [`aws:ResourceTag/${TAG_VAULT}`]: 'true' },
      }),
      allow('ManageVaultKeys', ROTATOR_KEY_ACTIONS, [vaultKeys], vaultTagged),
      allow('ReadVaultKeyTags', KEY_TAG_READ_ACTIONS, [vaultKeys], vaultTagged),
      allow('CreateEpochAliases', ROTATOR_ALIAS_ACTIONS, [
        `arn:${stack.partition}:kms:${stack.region}:${stack.account}:${epochAliasPrefix(props.vaultName)}*`,
      ]),
      allow('ListKeysAndAliases', [...LIST_KEYS_ACTIONS, ...LIST_ALIASES_ACTIONS], ['*']),
      allow('SetVaultDefaultKey', ROTATOR_BUCKET_ACTIONS, [props.vaultBucketArn]),
      allow('ReadLedger', RECORD_READ_ACTIONS, [ledger]),
      listRecords,
      allow('WriteLedger', RECORD_WRITE_ACTIONS, [ledger]),
      allow('EncryptRecordsAndNotifications', AUDIT_KEY_ENCRYPT_ACTIONS, [props.auditKeyArn]),
    ]);
    const incidents = records(INCIDENTS_PREFIX);
    const vaultCertificates = records(certificatePrefix(props.vaultName));
    this.sealer = this.role('sealer', lambda, 'Seals leaked prefixes with legal holds and records the incident', [
      allow('ListVersions', LIST_VERSIONS_ACTIONS, [props.vaultBucketArn]),
      allow('PlaceAndLiftLegalHolds', SEALER_HOLD_ACTIONS, [vaultObjects]),
      allow('ReadSealedVersions', SEALER_READ_ACTIONS, [vaultObjects]),
      allow('DecryptVaultObjectsViaS3', SEALER_KMS_ACTIONS, [vaultKeys], vaultKeyConditions),
      allow('ReadIncidentRecords', INCIDENT_RECORD_READ_ACTIONS, [incidents]),
      listRecords,
      allow('WriteIncidentRecords', RECORD_WRITE_ACTIONS, [incidents]),
      // A key pending deletion under a sealed version is cancelled (lambdas/seal/pending-keys.ts),
      // as the shredder cancels: on this vault's keys only, recorded beside the certificate, notified.
      allow('CancelVaultKeyDeletion', SEALER_CANCEL_KEY_ACTIONS, [vaultKeys], vaultTagged),
      allow('ReadVaultKeyTags', KEY_TAG_READ_ACTIONS, [vaultKeys], vaultTagged),
      allow('ReadCertificates', SEALER_CERTIFICATE_READ_ACTIONS, [vaultCertificates]),
      ...recordWriterStatements(cancellationRecordsArn(props.recordsBucketArn, props.vaultName), 'WriteCancellationRecords'),
    ]);
    const allBuckets = [props.vaultBucketArn, props.recordsBucketArn, props.inventoryBucketArn, props.accessLogsBucketArn, props.trailBucketArn];
    this.checker = this.role('checker', lambda, 'Compares the deployed vault with the configuration and reports drift; reads configuration only', [
      allow('ReadBucketConfiguration', CHECKER_BUCKET_ACTIONS, allBuckets),
      allow('ReadTrailConfiguration', CHECKER_TRAIL_ACTIONS, [props.trailArn]),
      allow('ListAliases', LIST_ALIASES_ACTIONS, ['*']),
      allow('ReadVaultKeys', CHECKER_VAULT_KEY_ACTIONS, [vaultKeys], vaultTagged),
      allow('ReadAuditKey', CHECKER_AUDIT_KEY_ACTIONS, [props.auditKeyArn]),
      allow('Notify', NOTIFY_ACTIONS, [props.topicArn]),
      allow('EncryptNotificationsViaSns', NOTIFY_KEY_ACTIONS, [props.auditKeyArn], {
        StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
      }),
    ]);
    const evidenceBuckets = [props.trailBucketArn, props.recordsBucketArn, props.inventoryBucketArn];
    this.auditor = this.role('auditor', accountOr(props.auditorPrincipals), 'Reads audit evidence, never vault data', [
      allow('ReadEvidence', AUDITOR_S3_ACTIONS, [...evidenceBuckets, ...evidenceBuckets.map((arn) => `${arn}/*`)]),
      allow('ReadTrailLogs', AUDITOR_LOGS_ACTIONS, [
        props.trailLogGroupArn,
        `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${props.trailLogGroupName}`,
      ]),
      allow('ReadTrailStatus', AUDITOR_TRAIL_ACTIONS, [props.trailArn]),
      allow('LookupEvents', AUDITOR_LOOKUP_ACTIONS, ['*']),
      allow('DecryptEvidenceViaS3', AUDITOR_KMS_ACTIONS, [props.auditKeyArn], {
        StringEquals: { 'kms:ViaService': viaS3 },
      }),
      allow('DescribeVaultKeys', AUDITOR_VAULT_KEY_ACTIONS, [vaultKeys], vaultTagged),
      allow('ListTrailPublicKeys', AUDITOR_TRAIL_KEY_ACTIONS, ['*']),
    ]);
    if (props.breakGlassPrincipals && props.breakGlassPrincipals.length > 0) {
      const objectActions = BREAK_GLASS_S3_ACTIONS.filter((a) => !a.startsWith('s3:ListBucket'));
      const bucketActions = BREAK_GLASS_S3_ACTIONS.filter((a) => a.startsWith('s3:ListBucket'));
      // Sessions need MFA, at most an hour old; the role's sessions last at most an hour (role()).
      const withMfa = new iam.PrincipalWithConditions(accountOr(props.breakGlassPrincipals), BREAK_GLASS_MFA_CONDITIONS);
      this.breakGlass = this.role(
        'break-glass',
        withMfa,
        'Emergency access: restore, and change GOVERNANCE retention and legal holds',
        [
          allow('ListVersions', bucketActions, [props.vaultBucketArn]),
          allow('RestoreAndChangeRetention', objectActions, [vaultObjects]),
          allow('DecryptVaultObjectsViaS3', BREAK_GLASS_KMS_ACTIONS, [vaultKeys], vaultKeyConditions),
        ],
      );
    }
    this.policies = this.policyOf;
  }

  private role(kind: RoleKind, assumedBy: iam.IPrincipal, description: string, statements: iam.PolicyStatement[]): iam.Role {
    const role = new iam.Role(this, pascal(kind), {
      roleName: roleName(this.vaultName, kind),
      path: ROLE_PATH,
      assumedBy,
      description: `ShredLock ${this.vaultName} ${kind}: ${description}`,
      maxSessionDuration: Duration.hours(1),
    });
    this.policyOf[kind] = new iam.ManagedPolicy(this, `${pascal(kind)}Policy`, {
      description: `ShredLock ${this.vaultName} ${kind} permissions`,
      roles: [role],
      statements,
    });
    return role;
  }
}

/** Object ARN pattern of a vault's cancellation records (`certificates/<vault>/<epoch>/<key-id>.cancellation.json`). */
export function cancellationRecordsArn(recordsBucketArn: string, vaultName: string): string {
  return `${recordsBucketArn}/${certificatePrefix(vaultName)}*.cancellation.json`;
}

function allow(
  sid: string,
  actions: readonly string[],
  resources: readonly string[],
  conditions?: Record<string, unknown>,
): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: [...actions], resources: [...resources], ...(conditions ? { conditions } : {}) });
}

function pascal(kind: RoleKind): string {
  return kind.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}
