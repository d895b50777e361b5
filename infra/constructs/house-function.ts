/**
 * The one way this project builds a Lambda function. Every handler (routes, stream consumers,
 * scheduled jobs) goes through here, so runtime, architecture, bundling, tracing, logging and
 * IAM hygiene are decided once and reviewed once.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../stacks/stage';
import { assertEntriesExist, HouseBundling } from './bundles';

/** The repository root: entries in shared/routes.ts and shared/resources.ts are relative to it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const METRICS_NAMESPACE = 'SoVang';

export interface HouseFunctionProps {
  /** Entry module, relative to the project root (as declared in shared/routes.ts or shared/resources.ts). */
  readonly entry: string;
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of every metric and log line. */
  readonly serviceName: string;
  readonly description: string;
  readonly stage: StageConfig;
  readonly environment?: Record<string, string>;
  /** API handlers sit behind API Gateway's 30 s limit; 10 s leaves room for one retried DynamoDB call. */
  readonly timeout?: Duration;
  /**
   * 512 MB on ARM64 buys enough CPU that a cold start (zod schemas, SDK clients) stays well
   * under a second; below that, init time dominates and the cheaper memory costs more latency.
   */
  readonly memorySize?: number;
  /** Only where it protects something downstream; left unset, the function shares the account pool. */
  readonly reservedConcurrentExecutions?: number;
  /** For asynchronously invoked functions: where an event goes after its retries are spent. */
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
  /**
   * For functions behind the HTTP API: the secret whose value CloudFront sends as the origin
   * header. The function gets its ARN (ORIGIN_VERIFY_SECRET_ARN) and may read that one secret,
   * and refuses any request that does not carry the value (shared/http/origin-verify.ts).
   */
  readonly originVerifySecret?: secretsmanager.ISecret;
}

export class HouseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly serviceName: string;
  readonly entry: string;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    this.entry = props.entry;

    assertEntriesExist(PROJECT_ROOT, [props.entry], this.node.path);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
    });

    // An explicit role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole, which may write to any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: ${props.description}`.slice(0, 1000),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      // Bundled by the house build (bundles.ts): the same esbuild settings for every handler,
      // one in-process run per synth instead of one `npx esbuild` per function.
      code: lambda.Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new HouseBundling(PROJECT_ROOT, props.entry),
          // Never reached: the local build either succeeds or stops the synth with esbuild's error.
          image: lambda.Runtime.NODEJS_22_X.bundlingImage,
        },
      }),
      handler: 'index.handler',
      // Lambda caps descriptions at 256 characters; route summaries are not written to fit.
      description: props.description.slice(0, 256),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      recursiveLoop: lambda.RecursiveLoop.TERMINATE,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // shared/observability.ts reads it; debug logging is a redeploy with this changed, never a code change.
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Responses and errors stay out of traces (shared/observability.ts): both can carry donors'
        // personal data, and X-Ray keeps traces for 30 days, outside the log groups' retention.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        STAGE: props.stage.name,
        // Stack traces from a minified bundle are useless without this.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
        ...(props.originVerifySecret ? { ORIGIN_VERIFY_SECRET_ARN: props.originVerifySecret.secretArn } : {}),
      },
    });
    if (props.originVerifySecret) {
      // GetSecretValue alone: `grantRead` adds DescribeSecret, which the check never calls.
      this.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.originVerifySecret.secretArn] }),
      );
    }

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray only grants on Resource "*". ' +
        'The grants this project adds (data-access.ts) all name their resources.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the house runtime, a supported Lambda runtime that the handlers and the local twin are tested against; ' +
        'moving to a newer runtime is a deliberate, tested change of this construct, not a silent bump.',
    });
  }
}
