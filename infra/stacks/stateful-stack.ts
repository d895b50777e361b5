/**
 * Everything that holds data or identity: the ledger table, the buckets, their keys, the staff
 * user pool, and the secret by which the API knows a request came through CloudFront. It changes
 * rarely and is deployed on its own, so a mistake in a handler's deployment can never replace or
 * delete what the ledger has recorded.
 *
 * Built from the declarations in shared/resources.ts, which the local twin reads too.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { NAMES_FILE } from '../../shared/reports/names';
import { bucketConsumers, buckets, ledgerTable, type BucketKey } from '../../shared/resources';
import type { BucketRef, LedgerTableRef } from '../constructs/data-access';
import { StaffIdentity } from '../constructs/staff-identity';
import type { StageConfig } from './stage';

export interface StatefulStackProps extends StackProps {
  readonly stage: StageConfig;
}

interface BucketPolicy {
  /** Customer-managed KMS for personal data; SSE-S3 where the content is published anyway. */
  readonly encryption: 'documents-key' | 's3-managed';
  readonly lifecycleRules: s3.LifecycleRule[];
  /** Whether the stage may delete the bucket with its objects (dev), or it is always kept. */
  readonly destroyableInDev: boolean;
}

const ABORT_STALE_UPLOADS: s3.LifecycleRule = { id: 'abort-stale-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) };

/**
 * One entry per declared bucket, enforced by the type: a bucket added to shared/resources.ts
 * does not compile here until someone decides how it is encrypted and aged.
 */
function bucketPolicies(stage: StageConfig): Record<BucketKey, BucketPolicy> {
  return {
    reports: {
      // Published reports are public by design (served to citizens); SSE-S3 keeps them readable
      // through CloudFront's origin access control without sharing a KMS key with the edge.
      encryption: 's3-managed',
      lifecycleRules: [
        ABORT_STALE_UPLOADS,
        // `latest/` is overwritten nightly; its old versions stay locked for the retention
        // period and may only be expired after it.
        { id: 'expire-superseded-versions', noncurrentVersionExpiration: stage.reportsRetention.plus(Duration.days(1)) },
      ],
      // Compliance-mode Object Lock means nobody, root included, can delete a locked version:
      // the bucket outlives the stack in every stage.
      destroyableInDev: false,
    },
    evidence: {
      encryption: 'documents-key',
      lifecycleRules: [
        ABORT_STALE_UPLOADS,
        { id: 'infrequent-access', transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }] },
        // A file is uploaded once (its SHA-256 is journaled); a superseded version goes only once its lock has run out.
        { id: 'expire-replaced-evidence', noncurrentVersionExpiration: afterLock(stage, 'evidence', Duration.days(365)) },
      ],
      destroyableInDev: true,
    },
    statements: {
      encryption: 'documents-key',
      lifecycleRules: [
        ABORT_STALE_UPLOADS,
        // Raw bank statements are read once, at import; afterwards they are kept as records.
        { id: 'archive-after-import', transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }] },
        // A long import continues by copying the file onto itself (a new version, same bytes).
        { id: 'expire-continuation-copies', noncurrentVersionExpiration: afterLock(stage, 'statements', Duration.days(30)) },
      ],
      destroyableInDev: true,
    },
    names: {
      // Published beside the reports and read through the same origin access control.
      encryption: 's3-managed',
      // Unversioned: a withdrawal's rewrite is the only copy, so nothing to expire but uploads.
      lifecycleRules: [ABORT_STALE_UPLOADS],
      // It goes with the reports bucket, which outlives the stack: a report without its names file fails verification.
      destroyableInDev: false,
    },
  };
}

/** How long compliance-mode Object Lock holds each new version of the bucket in this stage, if it is locked. */
export function lockRetention(stage: StageConfig, key: BucketKey): Duration | undefined {
  const declared = buckets[key];
  if (declared.objectLock === 'never') return undefined;
  if (declared.objectLock === 'always') return stage.reportsRetention;
  return stage.name === 'prod' ? stage.recordsRetention : undefined;
}

/** When a superseded version may go: a day after its lock runs out, or `unlocked` where there is none. */
function afterLock(stage: StageConfig, key: BucketKey, unlocked: Duration): Duration {
  const lock = lockRetention(stage, key);
  return lock ? lock.plus(Duration.days(1)) : unlocked;
}

/**
 * Globally unique, and the same expression in both stacks: the stateless stack builds its
 * grants and environment from it without importing anything from this stack.
 */
export function bucketPhysicalName(stage: StageConfig, key: BucketKey): string {
  return `sovang-${stage.name}-${key}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The portal's build output (web/dist), served by CloudFront; named like the data buckets, for the same reason. */
export function portalBucketName(stage: StageConfig): string {
  return `sovang-${stage.name}-portal-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** Where CloudFront reads published reports: the object keys are the URL paths, `reports/<fundId>/…`. */
export const REPORTS_EDGE_PREFIX = 'reports/';

export class StatefulStack extends Stack {
  readonly ledger: LedgerTableRef & { readonly table: dynamodb.Table; readonly streamArn: string };
  readonly buckets: Record<BucketKey, BucketRef & { readonly bucket: s3.Bucket }>;
  readonly accessLogsBucket: s3.Bucket;
  /** The portal's static files; CloudFront reads them through origin access control. */
  readonly portalBucket: s3.Bucket;
  /** Signs report manifests; its public key is what citizens verify against. */
  readonly reportSigningKey: kms.Key;
  readonly staff: StaffIdentity;
  /**
   * What CloudFront sends the API as its origin header (x-origin-verify), and what the route
   * functions compare it with. Here because both the stateless and the edge stack read it.
   */
  readonly originVerifySecret: secretsmanager.Secret;
  readonly stage: StageConfig;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;
    this.stage = stage;

    const ledgerKey = new kms.Key(this, 'LedgerKey', {
      description: 'Sổ Vàng ledger table encryption',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: stage.removalPolicy,
    });

    const table = new dynamodb.Table(this, ledgerTable.id, {
      partitionKey: { name: ledgerTable.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: ledgerTable.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[ledgerTable.streamView],
      timeToLiveAttribute: ledgerTable.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: stage.tableDeletionProtection,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: ledgerKey,
      // Hot keys are the failure mode of a viral fund (design §6); this is how they are found.
      contributorInsightsSpecification: { enabled: true },
      removalPolicy: stage.removalPolicy,
    });
    for (const index of ledgerTable.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
        contributorInsightsSpecification: { enabled: true },
      });
    }
    if (!table.tableStreamArn) throw new Error('the ledger table must have a stream: the totals consumer reads it');
    this.ledger = {
      table,
      key: ledgerKey,
      indexNames: ledgerTable.globalSecondaryIndexes.map((index) => index.indexName),
      streamArn: table.tableStreamArn,
    };

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logs are written with an ACL grant to the awslogsdelivery account,
      // so this one bucket keeps ACLs on (the bucket owner still owns every object). S3 server
      // access logs arrive under the bucket policy either way.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: stage.accessLogExpiry }],
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: stage.removalPolicy === RemovalPolicy.DESTROY,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log target of every other bucket; logging it into itself would log its own log deliveries forever.',
    });

    const documentsKey = new kms.Key(this, 'DocumentsKey', {
      description: 'Sổ Vàng evidence and bank statement buckets (personal data)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: stage.removalPolicy,
    });

    const policies = bucketPolicies(stage);
    const made = {} as Record<BucketKey, BucketRef & { bucket: s3.Bucket }>;
    for (const key of Object.keys(buckets) as BucketKey[]) {
      const declared = buckets[key];
      const policy = policies[key];
      const destroy = policy.destroyableInDev && stage.removalPolicy === RemovalPolicy.DESTROY;
      const bucketName = bucketPhysicalName(stage, key);
      const lock = lockRetention(stage, key);
      const bucket = new s3.Bucket(this, declared.id, {
        bucketName,
        versioned: declared.versioned,
        objectLockEnabled: lock ? true : undefined,
        objectLockDefaultRetention: lock ? s3.ObjectLockRetention.compliance(lock) : undefined,
        encryption: policy.encryption === 'documents-key' ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: policy.encryption === 'documents-key' ? documentsKey : undefined,
        // One data key per bucket instead of one KMS call per object.
        bucketKeyEnabled: policy.encryption === 'documents-key' || undefined,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${declared.id.toLowerCase()}/`,
        lifecycleRules: policy.lifecycleRules,
        removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        autoDeleteObjects: destroy,
      });
      if (bucketConsumers.some((consumer) => consumer.bucket === key)) {
        // Uploads to a bucket that starts a function are delivered through EventBridge: an S3
        // notification would tie this stack to a function of the stateless one. Set on the
        // template itself, because the construct's `eventBridgeEnabled` adds a custom-resource
        // function (with an AWS managed policy) only to flip this one switch.
        (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
      }
      made[key] = { bucket, bucketName, key: policy.encryption === 'documents-key' ? documentsKey : undefined };
    }
    this.buckets = made;
    allowEdgeReads(made.reports.bucket, `${REPORTS_EDGE_PREFIX}*`, stage.edgeDistributionId);
    allowEdgeReads(made.names.bucket, `${REPORTS_EDGE_PREFIX}*`, stage.edgeDistributionId);
    // A name written here would be locked for years and outlive its withdrawal (DESIGN §7): no
    // principal may write a names file into the reports bucket, whatever its role allows.
    made.reports.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoNamesFilesUnderObjectLock',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [made.reports.bucket.arnForObjects(`*/${NAMES_FILE}`)],
      }),
    );

    this.portalBucket = new s3.Bucket(this, 'Portal', {
      bucketName: portalBucketName(stage),
      // Public content read through CloudFront's origin access control, which cannot use a
      // KMS key without sharing it with the edge.
      encryption: s3.BucketEncryption.S3_MANAGED,
      // A bad build is rolled back by restoring the previous versions.
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'portal/',
      lifecycleRules: [ABORT_STALE_UPLOADS, { id: 'expire-replaced-builds', noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: stage.removalPolicy === RemovalPolicy.DESTROY,
    });
    allowEdgeReads(this.portalBucket, '*', stage.edgeDistributionId);

    this.reportSigningKey = new kms.Key(this, 'ReportSigningKey', {
      description: `Sổ Vàng nightly report manifest signatures (${stage.reportSigningKeySpec})`,
      keySpec: kms.KeySpec[stage.reportSigningKeySpec],
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Every published manifest is verified against this key's public half: it is never
      // deleted with a stack, in any stage.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.staff = new StaffIdentity(this, 'Staff', { stage });

    // Encrypted with the account's aws/secretsmanager key, not a customer key. The value is no
    // personal data and no credential to anything but the API's front door; it is written in
    // clear into the distribution's configuration, where cloudfront:GetDistributionConfig shows
    // it to whoever may read that; and a customer key would need kms:Decrypt on every route
    // function's role and in the key policy, for no reader it would keep out.
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      description: `Sổ Vàng ${stage.name}: the x-origin-verify header CloudFront sends to the API; route functions refuse requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.originVerifySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand (docs/DEPLOY.md): CloudFront only sends a new value once the edge stack is deployed again with it, which a rotation ' +
        'function cannot do. The route functions accept the current and the previous version meanwhile, so a rotation causes no outage.',
    });
    // What the rotation procedure in docs/DEPLOY.md starts from.
    new CfnOutput(this, 'OriginVerifySecretArn', { value: this.originVerifySecret.secretArn });
  }
}

/**
 * Lets CloudFront (origin access control) read objects under `pattern`, and nobody else through
 * this statement. The distribution lives in the edge stack, which is deployed after this one and
 * reads these buckets' names, so its ARN cannot come from there: naming it would make the two
 * stacks depend on each other. On the first deployment the condition names any distribution of
 * this account; once the distribution exists, `-c edgeDistributionId` narrows it to that one
 * (docs/DEPLOY.md). These buckets hold only what is published to everyone; what the condition
 * keeps out is every other distribution and every direct request.
 */
function allowEdgeReads(bucket: s3.Bucket, pattern: string, distributionId: string | undefined): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudFrontOriginAccessControlRead',
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(pattern)],
      conditions: {
        StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${distributionId ?? '*'}` },
      },
    }),
  );
}
