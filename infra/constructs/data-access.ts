/**
 * Least-privilege grants with explicit action lists.
 *
 * The CDK's own grants are convenient but not precise enough for this project: with a
 * customer-managed key, `table.grantReadWriteData` adds `kms:ReEncrypt*` and
 * `kms:GenerateDataKey*`, and `bucket.grantRead` adds `s3:GetObject*`, `s3:GetBucket*` and
 * `s3:List*`. A reviewer of a public fund should be able to read every permission a function
 * holds, so these helpers name each action and each resource. Which DynamoDB actions a function
 * gets is read from its bundle (code-access.ts), within what its declaration allows.
 */
import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS, type TableAction } from './code-access';

export type AccessLevel = 'read' | 'readWrite';

/** DynamoDB calls KMS on the caller's behalf with these when the table uses a customer-managed key. */
const TABLE_KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
const TABLE_KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'] as const;

const OBJECT_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
const OBJECT_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;
const BUCKET_LIST_ACTIONS = ['s3:ListBucket'] as const;
/** SSE-KMS: reading decrypts the data key; writing generates one (and multipart uploads decrypt it again). */
const OBJECT_KEY_READ_ACTIONS = ['kms:Decrypt'] as const;
const OBJECT_KEY_WRITE_ACTIONS = ['kms:GenerateDataKey'] as const;

export interface LedgerTableRef {
  readonly table: dynamodb.ITable;
  /** Index names, from shared/resources.ts: each is granted by name rather than as `index/*`. */
  readonly indexNames: readonly string[];
  readonly key: kms.IKey;
}

/**
 * The DynamoDB actions given, and nothing else: reads on the table and its indexes, writes on the
 * table alone (nothing writes an index), held to `writePartitions` when the function's writes are
 * known to stay within them (`dynamodb:LeadingKeys` patterns, `*` for any run of characters). A
 * transaction is authorised item by item as Put/Update/ConditionCheck, so the condition holds for
 * every item of it.
 */
export function grantTable(role: iam.Role, ledger: LedgerTableRef, actions: readonly TableAction[], writePartitions?: readonly string[]): void {
  const reads = actions.filter((action) => (TABLE_READ_ACTIONS as readonly string[]).includes(action));
  const writes = actions.filter((action) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(action));
  if (reads.length > 0) {
    const resources = [ledger.table.tableArn, ...ledger.indexNames.map((name) => `${ledger.table.tableArn}/index/${name}`)];
    role.addToPolicy(new iam.PolicyStatement({ actions: reads, resources }));
  }
  if (writes.length > 0) {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: writes,
        resources: [ledger.table.tableArn],
        conditions: writePartitions ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...writePartitions] } } : undefined,
      }),
    );
  }
  if (reads.length + writes.length === 0) return;
  const keyActions: string[] = [...TABLE_KEY_READ_ACTIONS, ...(writes.length > 0 ? TABLE_KEY_WRITE_ACTIONS : [])];
  role.addToPolicy(new iam.PolicyStatement({ actions: keyActions, resources: [ledger.key.keyArn] }));
}

export interface BucketRef {
  /**
   * The physical name, built from pseudo parameters (never an import from another stack), so
   * the object ARN below reads the same in every stack and its acknowledgement can name it.
   */
  readonly bucketName: string;
  /** Set when the bucket uses SSE-KMS with a customer-managed key. */
  readonly key?: kms.IKey;
}

function bucketArn(bucketName: string): string {
  return `arn:${Aws.PARTITION}:s3:::${bucketName}`;
}

export function grantBucket(role: iam.Role, { bucketName, key }: BucketRef, level: AccessLevel): void {
  const objects = `${bucketArn(bucketName)}/*`;
  role.addToPolicy(new iam.PolicyStatement({ actions: [...BUCKET_LIST_ACTIONS], resources: [bucketArn(bucketName)] }));
  const objectActions: string[] = [...OBJECT_READ_ACTIONS, ...(level === 'readWrite' ? OBJECT_WRITE_ACTIONS : [])];
  role.addToPolicy(new iam.PolicyStatement({ actions: objectActions, resources: [objects] }));
  if (key) {
    const keyActions: string[] = [...OBJECT_KEY_READ_ACTIONS, ...(level === 'readWrite' ? OBJECT_KEY_WRITE_ACTIONS : [])];
    role.addToPolicy(new iam.PolicyStatement({ actions: keyActions, resources: [key.keyArn] }));
  }
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(role).resolve(objects))}]`,
    reason:
      'Object keys are created at run time (per fund, per night, per upload), so objects are granted as <bucket ARN>/*: ' +
      `one bucket, and only ${objectActions.join(', ')}.`,
  });
}

/** How cdk-nag prints a resolved resource in a finding id: joins concatenated, `Ref`s as `<Name>`. */
function nagFindingText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(nagFindingText).join(delimiter);
    }
    if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  }
  throw new Error(`cannot name ${JSON.stringify(value)} as cdk-nag would; bucket names must be built from strings and pseudo parameters`);
}
