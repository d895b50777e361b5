/**
 * Everything that can be replaced without losing data: the HTTP API, one function per declared
 * route, the stream consumers, the scheduled jobs, their queues and alarms.
 *
 * Nothing here is listed by hand. Routes come from shared/routes.ts, consumers and schedules
 * from shared/resources.ts, so a route added to the table is deployed by the next synth and
 * the local twin serves it the same day.
 */
import { CfnOutput, Duration, NestedStack, Stack, Stage, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { bucketConsumers, buckets, schedules, streamConsumers, type BucketKey } from '../../shared/resources';
import { fallbackEntry, routes as declaredRoutes, type RouteDef } from '../../shared/routes';
import { WithdrawPledgeName, WithdrawPledgeNameOnRequest } from '../../shared/routes/pledges';
import { GetReportFile } from '../../shared/routes/reports';
import { keys } from '../../shared/adapters/dynamo/keys';
import { grantBucket, grantTable, type AccessLevel } from '../constructs/data-access';
import { assertEntriesExist, codeAccessOf, prebundle, releasePrebundled } from '../constructs/bundles';
import { TABLE_READ_ACTIONS, type CodeAccess } from '../constructs/code-access';
import { HouseFunction, PROJECT_ROOT } from '../constructs/house-function';
import { Operations } from '../constructs/operations';
import type { StatefulStack } from './stateful-stack';
import type { StageConfig } from './stage';

export interface StatelessStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly data: StatefulStack;
  /** The route table to deploy; the declared one unless a test needs another. */
  readonly routes?: readonly RouteDef[];
}

/**
 * The most a function may do: its code's own use (read from its bundle, code-access.ts) is
 * granted within these bounds, so a GET route that bundles a store with a write method still
 * only reads, and a bucket is granted only to a function whose code calls S3.
 */
interface DataAccess {
  readonly table: AccessLevel | 'none';
  readonly buckets: Partial<Record<BucketKey, AccessLevel>>;
}

/**
 * The partitions (`dynamodb:LeadingKeys` patterns, DESIGN §4) that a function's writes stay in,
 * for the functions whose writes the key scheme pins down; the others may write any item their
 * commands name. CreatePledge is public and the busiest writer: it writes its pledge and its
 * journal entry, never a balance, a total or another aggregate. The totals consumer writes only
 * counter shards and its checkpoints; the transfer index consumer only its search items. Checked against the items the code really writes by
 * test/integration/write-partitions.test.ts.
 */
export const WRITE_PARTITIONS: Readonly<Record<string, readonly string[]>> = {
  CreatePledge: [keys.pledge('*').pk, ...keys.journalPartitions('*')],
  Totals: [keys.totalsPartition('*'), keys.checkpointChain('*', '*')],
  TransferIndex: [keys.transferPartition('*', '*', '*', '*')],
};

/**
 * The routes that touch the names bucket (DESIGN §7), and with it every bucket they may touch:
 * the file route serves names.jsonl from it and every other file from the reports bucket; the
 * two withdrawals rewrite names files and touch no other bucket. No other route sees it.
 */
export const NAMES_ROUTE_BUCKETS: Readonly<Record<string, Partial<Record<BucketKey, AccessLevel>>>> = {
  [GetReportFile.id]: { reports: 'read', names: 'read' },
  [WithdrawPledgeName.id]: { names: 'readWrite' },
  [WithdrawPledgeNameOnRequest.id]: { names: 'readWrite' },
};

/**
 * What a route's function may touch. The route table says who may call a route, not what it
 * reads, so the rule is derived from that: reading is GET, writing is POST; the reports bucket
 * holds only what is already published to everyone; evidence and bank statements carry
 * personal data and are reachable from staff routes only; the names bucket as above.
 */
function routeDataAccess(route: RouteDef): DataAccess {
  const level: AccessLevel = route.method === 'GET' ? 'read' : 'readWrite';
  const staffOnly = route.access.kind === 'staff' ? { evidence: level, statements: level } : {};
  return {
    table: level,
    buckets: NAMES_ROUTE_BUCKETS[route.id] ?? { ...(route.method === 'GET' ? { reports: 'read' as const } : {}), ...staffOnly },
  };
}

type ScheduleId = (typeof schedules)[number]['id'];

interface ScheduledJobNeeds {
  readonly access: DataAccess;
  readonly signsReports: boolean;
  readonly reportsDrift: boolean;
  readonly memorySize: number;
  readonly timeout: Duration;
}

/**
 * One entry per declared schedule, enforced by the type: a new job does not compile until
 * someone decides what it may touch.
 */
const SCHEDULED_JOBS: Record<ScheduleId, ScheduledJobNeeds> = {
  NightlyReport: {
    // Reads the journal and totals; writes the reports bucket, whose Object Lock makes every
    // published version permanent, and the names files beside them in the names bucket (DESIGN §7).
    access: { table: 'read', buckets: { reports: 'readWrite', names: 'readWrite' } },
    signsReports: true,
    reportsDrift: true,
    // One full vCPU (1,769 MB) for hashing and streaming; memory itself stays flat (design §7).
    memorySize: 1769,
    timeout: Duration.minutes(15),
  },
};

/** `CreatePledge` → `create-pledge`: the Powertools service name and metric dimension. */
function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function bucketEnvName(key: BucketKey): string {
  return `${key.toUpperCase()}_BUCKET`;
}

export class StatelessStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly routeFunctions = new Map<string, HouseFunction>();
  /** The nested stack of each route area (by its tag), which holds the area's functions and routes. */
  readonly routeStacks: ReadonlyMap<string, NestedStack>;
  readonly fallbackFunction: HouseFunction;
  readonly consumerFunctions = new Map<string, HouseFunction>();
  readonly bucketConsumerFunctions = new Map<string, HouseFunction>();
  readonly scheduledFunctions = new Map<string, HouseFunction>();
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage, data } = props;
    const routes = props.routes ?? declaredRoutes;
    assertRoutesDistinct(routes);
    const entries = [
      ...routes.map((route) => route.entry),
      fallbackEntry,
      ...streamConsumers.map((consumer) => consumer.entry),
      ...bucketConsumers.map((consumer) => consumer.entry),
      ...schedules.map((job) => job.entry),
    ];
    assertEntriesExist(PROJECT_ROOT, entries, 'shared/routes.ts or shared/resources.ts');
    if (this.bundlingRequired) prebundle(PROJECT_ROOT, entries, Stage.of(this)?.outdir ?? PROJECT_ROOT);

    this.operations = new Operations(this, 'Operations', { stage });

    const staff = data.staff;
    const sharedEnvironment: Record<string, string> = {
      TABLE_NAME: data.ledger.table.tableName,
      ...Object.fromEntries((Object.keys(buckets) as BucketKey[]).map((key) => [bucketEnvName(key), data.buckets[key].bucketName])),
      JWT_ISSUER: staff.issuerUrl,
      JWT_AUDIENCE: staff.consoleClient.userPoolClientId,
      JWKS_URL: `${staff.issuerUrl}/.well-known/jwks.json`,
    };

    const accessOfCode = codeAccessOf(PROJECT_ROOT, entries);
    const grantData = (id: string, fn: HouseFunction, access: DataAccess): void => {
      const code: CodeAccess = accessOfCode.get(fn.entry)!;
      const tableActions =
        access.table === 'none' ? [] : access.table === 'read' ? code.table.filter((action) => (TABLE_READ_ACTIONS as readonly string[]).includes(action)) : code.table;
      grantTable(fn.role, data.ledger, tableActions, WRITE_PARTITIONS[id]);
      if (code.buckets === 'none') return;
      for (const [key, level] of Object.entries(access.buckets) as [BucketKey, AccessLevel][]) {
        grantBucket(fn.role, data.buckets[key], code.buckets === 'read' ? 'read' : level);
      }
    };

    // ---------------------------------------------------------------- HTTP API
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `sovang-${stage.name}`,
      description: 'Sổ Vàng public and staff API',
      // The stage is made below, with throttling and access logs the default stage cannot take.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [stage.portalOrigin],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST, apigwv2.CorsHttpMethod.PUT, apigwv2.CorsHttpMethod.PATCH, apigwv2.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key'],
        exposeHeaders: ['location', 'retry-after'],
        // Staff send bearer tokens, not cookies: nothing for a browser to attach on its own.
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: stage.apiThrottle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // Roles are checked by the handler against the route table; API Gateway's part is to
    // turn away anything without a valid token from this pool and this client before a
    // function is ever invoked. Made here, in this stack, so the routes of every area's stack
    // share the one authorizer.
    const staffAuthorizer = new apigwv2.HttpAuthorizer(this, 'StaffAuthorizer', {
      httpApi: this.api,
      type: apigwv2.HttpAuthorizerType.JWT,
      authorizerName: 'StaffAuthorizer',
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: staff.issuerUrl,
      jwtAudience: [staff.consoleClient.userPoolClientId],
    });
    const staffRouteAuthorizer: apigwv2.IHttpRouteAuthorizer = {
      bind: () => ({ authorizationType: 'JWT', authorizerId: staffAuthorizer.authorizerId }),
    };

    // A stack holds at most 500 resources and a route brings nine (function, role, policy, log
    // group, integration, permission, route, two alarms): each area's routes are a nested stack
    // of their own, so the route table can grow.
    const areaStacks = new Map<string, NestedStack>();
    const stackOfArea = (tag: string): NestedStack => {
      let nested = areaStacks.get(tag);
      if (!nested) {
        nested = new NestedStack(this, `Routes${tag.replace(/[^A-Za-z0-9]/g, '')}`, { description: `Sổ Vàng ${stage.name}: the ${tag} routes` });
        areaStacks.set(tag, nested);
      }
      return nested;
    };
    this.routeStacks = areaStacks;

    for (const route of routes) {
      const scope = stackOfArea(route.tag);
      const fn = new HouseFunction(scope, `Route${route.id}`, {
        entry: route.entry,
        serviceName: `sovang-${kebab(route.id)}`,
        description: `${route.method} ${route.path}: ${route.summary.en}`,
        stage,
        environment: sharedEnvironment,
        originVerifySecret: data.originVerifySecret,
      });
      grantData(route.id, fn, routeDataAccess(route));
      const httpRoute = new apigwv2.HttpRoute(scope, `${route.id}Route`, {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn.function, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        }),
        authorizer: route.access.kind === 'staff' ? staffRouteAuthorizer : undefined,
      });
      const unauthorisedAtGateway = whyNoGatewayAuthorizer(route);
      if (unauthorisedAtGateway) Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: unauthorisedAtGateway });
      this.operations.watchFunction(`Route${route.id}`, fn);
      this.routeFunctions.set(route.id, fn);
    }

    this.fallbackFunction = new HouseFunction(this, 'Fallback', {
      entry: fallbackEntry,
      serviceName: 'sovang-fallback',
      description: 'Any undeclared method or path: problem+json 404 or 405',
      stage,
      memorySize: 256,
      environment: sharedEnvironment,
      // No origin header check: it answers 404 or 405 to anyone and reads nothing, so a request
      // that went around the edge learns only what the OpenAPI document publishes anyway.
    });
    const defaultRoute = new apigwv2.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('FallbackIntegration', this.fallbackFunction.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers problem+json 404/405 for undeclared paths; it reads no data and holds no permissions.',
    });
    this.operations.watchFunction('Fallback', this.fallbackFunction);

    // ---------------------------------------------------------------- stream consumers
    for (const consumer of streamConsumers) {
      const fn = new HouseFunction(this, `Consumer${consumer.id}`, {
        entry: consumer.entry,
        serviceName: `sovang-${kebab(consumer.id)}`,
        description: `${consumer.id}: applies journal inserts from the ledger stream, exactly once`,
        stage,
        // A full batch is chunked into transactions of at most 100 items; a minute covers
        // throttled retries without holding a shard for long.
        timeout: Duration.seconds(60),
        environment: sharedEnvironment,
      });
      grantData(consumer.id, fn, { table: 'readWrite', buckets: {} });

      const onFailure = this.deadLetterQueue(`${consumer.id}OnFailure`, 'stream records the consumer gave up on');
      fn.function.addEventSource(
        new DynamoEventSource(data.ledger.table, {
          // From the oldest record: the consumer's checkpoints make replays harmless, and nothing
          // the ledger recorded before the mapping existed is ever skipped.
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          filters: [lambda.FilterCriteria.filter(consumer.filter)],
          batchSize: consumer.batchSize,
          maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
          tumblingWindow: 'tumblingWindowSeconds' in consumer ? Duration.seconds(consumer.tumblingWindowSeconds) : undefined,
          bisectBatchOnError: consumer.bisectBatchOnError,
          retryAttempts: consumer.retryAttempts,
          maxRecordAge: Duration.seconds(consumer.maxRecordAgeSeconds),
          parallelizationFactor: consumer.parallelizationFactor,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(onFailure),
        }),
      );
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Besides X-Ray, the stream event source needs dynamodb:ListStreams, which DynamoDB only authorises on Resource "*"; ' +
          'DescribeStream, GetRecords and GetShardIterator are granted on the ledger stream ARN alone.',
      });

      this.operations.watchFunction(`Consumer${consumer.id}`, fn);
      this.operations.watchStreamConsumer(`Consumer${consumer.id}`, fn);
      this.operations.watchDeadLetters(`${consumer.id}OnFailure`, onFailure, `${consumer.id} stream consumer`);
      this.consumerFunctions.set(consumer.id, fn);
    }

    // ---------------------------------------------------------------- bucket consumers
    for (const consumer of bucketConsumers) {
      const onFailure = this.deadLetterQueue(`${consumer.id}OnFailure`, 'uploads whose processing failed after its retries');
      const fn = new HouseFunction(this, `BucketConsumer${consumer.id}`, {
        entry: consumer.entry,
        serviceName: `sovang-${kebab(consumer.id)}`,
        description: `${consumer.id}: objects created under ${consumer.bucket}/${consumer.prefix}`,
        stage,
        timeout: Duration.seconds(consumer.timeoutSeconds),
        memorySize: consumer.memoryMB,
        // Each import writes its lines in transactions of up to 100 items; a few at once is what
        // the table's on-demand capacity absorbs beside the live traffic without throttling donors.
        reservedConcurrentExecutions: stage.reserveConcurrency ? 4 : undefined,
        // A retry resumes from the import's checkpoint, and every line is booked once.
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(onFailure),
        environment: sharedEnvironment,
      });
      grantData(consumer.id, fn, consumer.access);

      const undelivered = this.deadLetterQueue(`${consumer.id}Undelivered`, 'upload events EventBridge could not deliver');
      new events.Rule(this, `${consumer.id}Uploads`, {
        description: `Sổ Vàng ${consumer.id}: ${consumer.events.join(', ')} under ${consumer.prefix}`,
        eventPattern: {
          source: ['aws.s3'],
          // EventBridge's name for s3:ObjectCreated:* (put, copy, multipart completion).
          detailType: ['Object Created'],
          detail: {
            bucket: { name: [data.buckets[consumer.bucket].bucketName] },
            object: { key: events.Match.prefix(consumer.prefix) },
          },
        },
        targets: [new eventTargets.LambdaFunction(fn.function, { deadLetterQueue: undelivered, retryAttempts: 3, maxEventAge: Duration.hours(6) })],
      });

      this.operations.watchFunction(`BucketConsumer${consumer.id}`, fn);
      this.operations.watchDeadLetters(`${consumer.id}OnFailure`, onFailure, `${consumer.id} function`);
      this.operations.watchDeadLetters(`${consumer.id}Undelivered`, undelivered, `${consumer.id} uploads`);
      this.bucketConsumerFunctions.set(consumer.id, fn);
    }

    // ---------------------------------------------------------------- scheduled jobs
    for (const job of schedules) {
      const needs = SCHEDULED_JOBS[job.id];
      const onFailure = this.deadLetterQueue(`${job.id}OnFailure`, 'scheduled runs that failed after their retries');
      const fn = new HouseFunction(this, `Schedule${job.id}`, {
        entry: job.entry,
        serviceName: `sovang-${kebab(job.id)}`,
        description: `${job.id}: ${job.cron} ${job.timezone}`,
        stage,
        memorySize: needs.memorySize,
        timeout: needs.timeout,
        // Two overlapping runs would race to extend the same report chain.
        reservedConcurrentExecutions: stage.reserveConcurrency ? 1 : undefined,
        // A re-run for the same night writes byte-identical files, so retrying is safe.
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(onFailure),
        environment: {
          ...sharedEnvironment,
          ...(needs.signsReports ? { REPORT_SIGNING_KMS_KEY_ID: data.reportSigningKey.keyArn } : {}),
          ...(needs.signsReports ? stage.openDataEnvironment : {}),
        },
      });
      grantData(job.id, fn, needs.access);
      if (needs.signsReports) {
        fn.role.addToPolicy(
          new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [data.reportSigningKey.keyArn] }),
        );
      }

      const undelivered = this.deadLetterQueue(`${job.id}Undelivered`, 'schedule invocations EventBridge Scheduler could not deliver');
      new scheduler.Schedule(this, `${job.id}Schedule`, {
        description: `Sổ Vàng ${job.id}`,
        schedule: scheduler.ScheduleExpression.expression(job.cron, TimeZone.of(job.timezone)),
        target: new LambdaInvoke(fn.function, {
          // The job reports the night the schedule fired for, even when a retry arrives late.
          input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
          deadLetterQueue: undelivered,
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
        }),
      });
      const invokeTargetLogicalId = Stack.of(this).getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction);
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${invokeTargetLogicalId}.Arn>:*]`,
        reason: `The scheduler role may invoke versions and aliases of the ${job.id} function only (lambda grantInvoke adds "<arn>:*"); no other function.`,
      });

      this.operations.watchFunction(`Schedule${job.id}`, fn);
      this.operations.watchScheduledJob(`Schedule${job.id}`, fn);
      this.operations.watchDeadLetters(`${job.id}OnFailure`, onFailure, `${job.id} job`);
      this.operations.watchDeadLetters(`${job.id}Undelivered`, undelivered, `${job.id} schedule`);
      if (needs.reportsDrift) this.operations.watchDrift(`Schedule${job.id}`, fn);
      this.scheduledFunctions.set(job.id, fn);
    }

    this.operations.addDashboard(this.api);
    releasePrebundled();

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url });
    new CfnOutput(this, 'UserPoolId', { value: staff.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: staff.consoleClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: staff.domain.baseUrl() });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
  }

  /**
   * Encrypted, TLS-only, kept for the longest SQS allows: these messages wait for a human.
   * SSE-SQS rather than a customer key: with a KMS-encrypted queue the CDK grants every sender
   * `kms:GenerateDataKey*` and `kms:ReEncrypt*`, wildcard actions this project does not allow.
   */
  private deadLetterQueue(id: string, holds: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter destination (${holds}); a dead-letter queue for it would only move the same alarm one queue further.`,
    });
    return queue;
  }
}

/**
 * Why a route has no authorizer at API Gateway, or undefined when it has one. Exhaustive over
 * the access kinds, so a new kind does not compile until someone answers the question.
 */
function whyNoGatewayAuthorizer(route: RouteDef): string | undefined {
  const access = route.access;
  const what = `${route.method} ${route.path}`;
  switch (access.kind) {
    case 'staff':
      return undefined;
    case 'public':
      return `${what} is public by design: citizens read funds, totals and reports, and check their own pledge, without an account.`;
    case 'publicOrApiKey':
    case 'apiKey':
      return (
        `${what} is called by donors or organisations with an API key, or by a person signed in for an organisation. ` +
        'HTTP APIs have no API keys, so the handler verifies the key against its stored hash, or the token against the ' +
        'issuer, before doing anything else (shared/http/auth.ts).'
      );
    default: {
      const unhandled: never = access;
      throw new Error(`no gateway decision for access ${JSON.stringify(unhandled)}`);
    }
  }
}

function assertRoutesDistinct(routes: readonly RouteDef[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`route table declares ${key} twice`);
    seen.add(key);
  }
}
