/**
 * The deployment `cdk synth` builds (dev stage, real esbuild bundling), synthesized once for
 * the whole file and then read from every angle a security reviewer would look at.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_BYTES, loadedAtStart } from '../../infra/constructs/bundles';
import { bundleFiles, codeAccess, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../infra/constructs/code-access';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { PROJECT_ROOT } from '../../infra/constructs/house-function';
import { MANAGED_RULE_GROUPS } from '../../infra/stacks/firewall-stack';
import { WRITE_PARTITIONS } from '../../infra/stacks/stateless-stack';
import { pathPatternMatches } from '../../infra/stacks/edge-stack';
import { defineSovang, type Sovang } from '../../infra/stacks/sovang';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify';
import { bucketConsumers, buckets, journalInsertFilter, ledgerTable, schedules, streamConsumers } from '../../shared/resources';
import { ROLES, routes } from '../../shared/routes';
import { statelessTemplate } from '../support/cdk-templates';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const outdir = mkdtempSync(join(tmpdir(), 'sovang-cdk-'));
let sovang: Sovang;
let assembly: ReturnType<App['synth']>;
let stateful: Template;
let stateless: Template;
let firewall: Template;
let edge: Template;

beforeAll(() => {
  const app = new App({ outdir, context: { stage: 'dev' } });
  sovang = defineSovang(app);
  // Synthesizes the whole app once, including the cdk-nag validation that `cdk synth` runs.
  assembly = app.synth();
  stateful = Template.fromStack(sovang.stateful);
  stateless = statelessTemplate(sovang.stateless);
  firewall = Template.fromStack(sovang.firewall);
  edge = Template.fromStack(sovang.edge);
}, 300_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** A construct's logical id in whichever stack (the stateless one, or a route area's) holds it. */
function idIn(construct: unknown): string {
  return Stack.of(construct as never).getLogicalId(construct as never);
}

function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every identity policy, inline or attached, in both stacks. */
function allIdentityStatements(): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  for (const template of [stateful, stateless]) {
    for (const [id, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
      const document = (policy.Properties?.PolicyDocument ?? {}) as { Statement?: Statement[] };
      for (const statement of document.Statement ?? []) found.push({ where: id, statement });
    }
    for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      for (const inline of (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) {
        for (const statement of inline.PolicyDocument.Statement) found.push({ where: id, statement });
      }
    }
  }
  return found;
}

/** The statements of the role that a given function runs as. */
function statementsOfFunction(logicalId: string): Statement[] {
  const fn = stateless.findResources('AWS::Lambda::Function')[logicalId] as Resource;
  const roleId = ((fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'])[0];
  return resourcesOf(stateless, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

function logicalIdOf(construct: { node: { defaultChild?: unknown } }, template: Template, type: string): string {
  const id = idIn(construct.node.defaultChild);
  expect(template.findResources(type)[id], `${id} is a ${type}`).toBeDefined();
  return id;
}

const TABLE_READ: ReadonlySet<string> = new Set(TABLE_READ_ACTIONS);
const TABLE_WRITE: ReadonlySet<string> = new Set(TABLE_WRITE_ACTIONS);

/** Every function of the stateless stack, by its declaration's id. */
function everyFunction(): [string, HouseFunction][] {
  const { routeFunctions, consumerFunctions, bucketConsumerFunctions, scheduledFunctions, fallbackFunction } = sovang.stateless;
  return [...routeFunctions, ...consumerFunctions, ...bucketConsumerFunctions, ...scheduledFunctions, ['Fallback', fallbackFunction]];
}

/** The files of a function's bundle as deployed: its asset in the cloud assembly. */
function deployedFiles(fn: HouseFunction): string[] {
  const resource = stateless.findResources('AWS::Lambda::Function')[idIn(fn.function.node.defaultChild as never)] as Resource;
  const s3Key = (resource.Properties?.Code as { S3Key: string }).S3Key;
  return bundleFiles(join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`));
}

/** The export name under which the stateful stack shares the origin header secret's ARN. */
function originSecretExport(): string {
  const secretId = sovang.stateful.getLogicalId(sovang.stateful.originVerifySecret.node.defaultChild as never);
  const exported = (Object.values(stateful.findOutputs('*', { Value: { Ref: secretId } })) as { Export?: { Name: string } }[]).filter((output) => output.Export);
  expect(exported, 'the secret ARN is exported once').toHaveLength(1);
  return exported[0]!.Export!.Name;
}

describe('synth', () => {
  it('synthesizes the four stacks, the firewall in us-east-1 and the rest in the app region', () => {
    expect(sovang.stateful.stackName).toBe('Sovang-dev-Stateful');
    expect(sovang.stateless.stackName).toBe('Sovang-dev-Stateless');
    expect(sovang.firewall.stackName).toBe('Sovang-dev-Firewall');
    expect(sovang.edge.stackName).toBe('Sovang-dev-Edge');
    expect(sovang.firewall.region).toBe('us-east-1');
    for (const stack of [sovang.stateful, sovang.stateless, sovang.edge]) expect(stack.region, stack.stackName).toBe(process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1');
  });

  // cdk-nag 3 reports through CDK policy validation, not annotations: `app.synth()` above
  // already failed on any unacknowledged finding; this names them if it ever does.
  it('passes cdk-nag AwsSolutions with every finding either fixed or acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(sovang.stateful.node.root);
    const unacknowledged = report.violations.map(
      (violation) => `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(unacknowledged).toEqual([]);
  });

  it('leaves no construct warning or error unanswered', () => {
    // Read from the assembly already built: Annotations.fromStack would synthesize it all again.
    for (const stack of [sovang.stateful, sovang.stateless, sovang.firewall, sovang.edge]) {
      const messages = assembly.getStackArtifact(stack.artifactId).messages.filter((m) => m.level === 'warning' || m.level === 'error');
      expect(messages.map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`), stack.stackName).toEqual([]);
    }
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledgements = sovang.stateful.node.root.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, `acknowledgement of ${id}`).toBeGreaterThan(40);
    }
  });
});

describe('ledger table', () => {
  it('streams new images, keeps point-in-time recovery and cannot be deleted by accident', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: ledgerTable.streamView },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      ContributorInsightsSpecification: { Enabled: true },
      TimeToLiveSpecification: { AttributeName: ledgerTable.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: ledgerTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: ledgerTable.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: ledgerTable.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
  });

  it('is encrypted with a customer-managed, rotating KMS key', () => {
    const [[, table]] = resourcesOf(stateful, 'AWS::DynamoDB::Table') as [[string, Resource]];
    const sse = table.Properties?.SSESpecification as { SSEEnabled: boolean; SSEType: string; KMSMasterKeyId: { 'Fn::GetAtt': [string, string] } };
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = sse.KMSMasterKeyId['Fn::GetAtt'][0];
    const key = stateful.findResources('AWS::KMS::Key')[keyId] as Resource;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
  });
});

describe('buckets', () => {
  it('blocks public access on every bucket, and keeps ACLs off everywhere but the access-logs bucket', () => {
    const all = resourcesOf(stateful, 'AWS::S3::Bucket');
    // The declared buckets, the portal and the access logs.
    expect(all.length).toBe(Object.keys(buckets).length + 2);
    const logsBucketId = sovang.stateful.getLogicalId(sovang.stateful.accessLogsBucket.node.defaultChild as never);
    for (const [id, bucket] of all) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      // CloudFront's standard logs arrive with an ACL grant; every other bucket refuses ACLs.
      const ownership = id === logsBucketId ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced';
      expect(bucket.Properties?.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: ownership }] });
      expect(bucket.Properties?.BucketEncryption, id).toBeDefined();
    }
  });

  it('refuses plain HTTP on every bucket', () => {
    const bucketIds = resourcesOf(stateful, 'AWS::S3::Bucket').map(([id]) => id);
    const enforced = resourcesOf(stateful, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) =>
        (policy.Properties?.PolicyDocument as { Statement: { Effect: string; Condition?: unknown }[] }).Statement.some(
          (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .map(([, policy]) => (policy.Properties?.Bucket as { Ref: string }).Ref);
    expect(enforced.sort()).toEqual(bucketIds.sort());
  });

  it('logs access to every data bucket and the portal into the access-logs bucket', () => {
    const logsBucketId = sovang.stateful.getLogicalId(sovang.stateful.accessLogsBucket.node.defaultChild as never);
    const logged = [...Object.values(sovang.stateful.buckets).map((ref) => ref.bucket), sovang.stateful.portalBucket];
    for (const logging of logged) {
      const id = sovang.stateful.getLogicalId(logging.node.defaultChild as never);
      const bucket = stateful.findResources('AWS::S3::Bucket')[id] as Resource;
      expect(bucket.Properties?.LoggingConfiguration, id).toMatchObject({ DestinationBucketName: { Ref: logsBucketId } });
    }
  });

  it('lets CloudFront, and only CloudFront of this account, read the portal, the published reports and their names', () => {
    const readers = resourcesOf(stateful, 'AWS::S3::BucketPolicy').flatMap(([, policy]) =>
      (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter(
        (statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }),
      ).map((statement) => ({ bucket: (policy.Properties?.Bucket as { Ref: string }).Ref, statement })),
    );
    const idOf = (bucket: { node: { defaultChild?: unknown } }) => sovang.stateful.getLogicalId(bucket.node.defaultChild as never);
    expect(readers.map((reader) => reader.bucket).sort()).toEqual(
      [idOf(sovang.stateful.portalBucket), idOf(sovang.stateful.buckets.reports.bucket), idOf(sovang.stateful.buckets.names.bucket)].sort(),
    );
    for (const { bucket, statement } of readers) {
      expect(statement, bucket).toMatchObject({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Condition: {
          StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([':cloudfront::', ':distribution/*'])] } },
        },
      });
    }
    for (const key of ['reports', 'names'] as const) {
      const reader = readers.find((r) => r.bucket === idOf(sovang.stateful.buckets[key].bucket))!;
      expect(JSON.stringify(reader.statement.Resource), key).toContain('/reports/*');
    }
  });

  it('locks every published report version in compliance mode', () => {
    const id = sovang.stateful.getLogicalId(sovang.stateful.buckets.reports.bucket.node.defaultChild as never);
    const reports = stateful.findResources('AWS::S3::Bucket')[id] as Resource;
    expect(reports.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    // Object Lock forbids deletion: the stack must not pretend it can.
    expect(reports.DeletionPolicy).toBe('Retain');
  });

  it('encrypts evidence and statements with a customer-managed key and ages them by lifecycle rules', () => {
    for (const key of ['evidence', 'statements'] as const) {
      const id = sovang.stateful.getLogicalId(sovang.stateful.buckets[key].bucket.node.defaultChild as never);
      const bucket = stateful.findResources('AWS::S3::Bucket')[id] as Resource;
      expect(bucket.Properties?.BucketEncryption, key).toMatchObject({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() } }],
      });
      const rules = (bucket.Properties?.LifecycleConfiguration as { Rules: unknown[] }).Rules;
      expect(rules.length, key).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('staff identity', () => {
  it('has exactly the staff groups, MFA for everyone, the Plus tier and no self sign-up', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    const groups = resourcesOf(stateful, 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      PreventUserExistenceErrors: 'ENABLED',
      // Where the console finishes the sign-in and signs out to (web/src/console/auth.ts).
      CallbackURLs: [`${sovang.stage.portalOrigin}/console/callback`],
      LogoutURLs: [`${sovang.stage.portalOrigin}/console`],
    });
  });
});

describe('functions', () => {
  const expectedFunctionCount = routes.length + 1 + streamConsumers.length + bucketConsumers.length + schedules.length;

  it('creates one function per declared route, plus the fallback, the consumers and the scheduled jobs', () => {
    stateless.resourceCountIs('AWS::Lambda::Function', expectedFunctionCount);
    expect([...sovang.stateless.routeFunctions.keys()]).toEqual(routes.map((route) => route.id));
    expect([...sovang.stateless.consumerFunctions.keys()]).toEqual(streamConsumers.map((consumer) => consumer.id));
    expect([...sovang.stateless.bucketConsumerFunctions.keys()]).toEqual(bucketConsumers.map((consumer) => consumer.id));
    expect([...sovang.stateless.scheduledFunctions.keys()]).toEqual(schedules.map((job) => job.id));
  });

  it('builds every function the house way: nodejs22.x on ARM64, traced, with its own log group and the shared environment', () => {
    for (const [id, fn] of resourcesOf(stateless, 'AWS::Lambda::Function')) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^sovang-/),
            POWERTOOLS_METRICS_NAMESPACE: 'SoVang',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            TABLE_NAME: expect.anything(),
            REPORTS_BUCKET: expect.anything(),
            EVIDENCE_BUCKET: expect.anything(),
            STATEMENTS_BUCKET: expect.anything(),
            NAMES_BUCKET: expect.anything(),
          }),
        },
      });
    }
  });

  const houseFunctions = () => [
    ...sovang.stateless.routeFunctions.values(),
    sovang.stateless.fallbackFunction,
    ...sovang.stateless.consumerFunctions.values(),
    ...sovang.stateless.bucketConsumerFunctions.values(),
    ...sovang.stateless.scheduledFunctions.values(),
  ];

  /** Every chunk a file imports, statically or with `import()`, and what those import in turn. */
  function chunksReachableFrom(dir: string, file: string, seen = new Set<string>()): Set<string> {
    for (const [, chunk] of readFileSync(join(dir, file), 'utf8').matchAll(/["']\.\/([\w.-]+\.mjs)["']/g)) {
      if (seen.has(chunk!)) continue;
      seen.add(chunk!);
      chunksReachableFrom(dir, chunk!, seen);
    }
    return seen;
  }

  function assetOf(fn: ReturnType<typeof houseFunctions>[number]): string {
    const logicalId = idIn(fn.function.node.defaultChild as never);
    const resource = stateless.findResources('AWS::Lambda::Function')[logicalId] as Resource;
    return join(outdir, `asset.${(resource.Properties?.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
  }

  it('keeps what every cold start loads within the bundle budget, and the XLSX reader in a chunk of its own', () => {
    const statementParsers = new Set(['functions/statements/upload.ts', 'functions/statements/process.ts', 'functions/statements/import.ts']);
    for (const fn of houseFunctions()) {
      const dir = assetOf(fn);
      const atStart = loadedAtStart(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
      expect(atStart, `${fn.entry}: what a cold start loads`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
      const chunks = readdirSync(dir).filter((file) => file.endsWith('.mjs') && file !== 'index.mjs');
      if (statementParsers.has(fn.entry)) {
        const largest = Math.max(...chunks.map((chunk) => statSync(join(dir, chunk)).size));
        expect(largest, `${fn.entry}: the XLSX reader chunk`).toBeGreaterThan(300 * 1024);
        const reachable = chunksReachableFrom(dir, 'index.mjs');
        for (const chunk of chunks) expect(reachable, `${fn.entry} loads ${chunk}`).toContain(chunk);
      }
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8'), `${fn.entry} bundles no zod locale`).not.toContain('Nieprawidłowe');
    }
  });

  it('bundles each handler as minified ESM with a require shim and a source map', () => {
    for (const fn of houseFunctions()) {
      const bundle = join(assetOf(fn), 'index.mjs');
      expect(existsSync(bundle), `${fn.entry} → ${bundle}`).toBe(true);
      expect(existsSync(`${bundle}.map`), `${fn.entry} source map`).toBe(true);
      const code = readFileSync(bundle, 'utf8');
      expect(code.startsWith('import { createRequire as __sovangCreateRequire }'), fn.entry).toBe(true);
      expect(code.endsWith('\n//# sourceMappingURL=index.mjs.map\n'), `${fn.entry} links its source map`).toBe(true);
    }
  });

  function functionResource(fn: ReturnType<typeof houseFunctions>[number]): Resource {
    return stateless.findResources('AWS::Lambda::Function')[idIn(fn.function.node.defaultChild as never)] as Resource;
  }

  it('traces every function with the Powertools tracer, keeping responses and errors out of the traces', () => {
    for (const fn of houseFunctions()) {
      const properties = functionResource(fn).Properties!;
      expect(properties, fn.entry).toMatchObject({
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: fn.serviceName,
            POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
            POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
          }),
        },
      });
      expect((properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_TRACE_ENABLED, fn.entry).toBeUndefined();
      const xray = statementsOfFunction(idIn(fn.function.node.defaultChild as never)).filter((statement) =>
        asArray(statement.Action).includes('xray:PutTraceSegments'),
      );
      expect(xray, `${fn.entry} may send its segments`).toHaveLength(1);
      expect(readFileSync(join(assetOf(fn), 'index.mjs'), 'utf8'), `${fn.entry} bundles the tracer`).toContain('POWERTOOLS_TRACER_CAPTURE_RESPONSE');
    }
  });

  /**
   * Runs a function's bundle as Lambda runs it: the string variables of its environment in the
   * template, the variables Lambda adds (a sampled trace), and an X-Ray daemon on loopback that
   * collects the documents it sends. DynamoDB is a closed port, so any call to it fails. The bundle
   * runs from inside the project, whose node_modules stands in for the runtime's AWS SDK.
   */
  async function tracedInvocation(fn: ReturnType<typeof houseFunctions>[number], event: unknown) {
    mkdirSync(join(PROJECT_ROOT, '.data', 'tmp'), { recursive: true });
    const taskRoot = mkdtempSync(join(PROJECT_ROOT, '.data', 'tmp', 'traced-'));
    cpSync(assetOf(fn), taskRoot, { recursive: true });
    const daemon = createSocket('udp4');
    const documents: Record<string, unknown>[] = [];
    // Each datagram is a header line, then the segment or subsegment.
    daemon.on('message', (message) => documents.push(JSON.parse(message.toString('utf8').split('\n')[1]!) as Record<string, unknown>));
    await new Promise<void>((bound) => daemon.bind(0, '127.0.0.1', bound));
    try {
      const variables = (functionResource(fn).Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      const environment = {
        PATH: process.env.PATH,
        ...Object.fromEntries(Object.entries(variables).filter(([, value]) => typeof value === 'string')),
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: 'index.handler',
        _X_AMZN_TRACE_ID: 'Root=1-67890abc-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
        AWS_REGION: 'ap-southeast-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        TABLE_NAME: 'ledger',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      };
      const invoke = `const { handler } = await import(${JSON.stringify(join(taskRoot, 'index.mjs'))});
        const context = { functionName: 'traced', awsRequestId: 'traced-1', getRemainingTimeInMillis: () => 10000 };
        const response = await handler(${JSON.stringify(event)}, context);
        process.stdout.write(JSON.stringify(response));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', invoke], { env: environment, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const code = await new Promise<number | null>((exited) => child.on('close', exited));
      expect(code, `${fn.entry} ran`).toBe(0);
      // Datagrams sent before the child exited are waiting in the socket: let the loop read them.
      await new Promise((read) => setTimeout(read, 50));
      return { response: JSON.parse(stdout) as { statusCode: number }, documents };
    } finally {
      daemon.close();
      rmSync(taskRoot, { recursive: true, force: true });
    }
  }

  it('in Lambda, sends the handler\'s subsegment without its response, and one per SDK call', async () => {
    const fallback = await tracedInvocation(sovang.stateless.fallbackFunction, { rawPath: '/nowhere', headers: {}, requestContext: { http: { method: 'GET' } } });
    expect(fallback.response.statusCode).toBe(404);
    const handlerSegment = fallback.documents.find((document) => document.name === '## index.handler');
    expect(handlerSegment).toMatchObject({ annotations: { ColdStart: true, Service: 'sovang-fallback' } });
    expect(handlerSegment).not.toHaveProperty('metadata');

    const listFunds = sovang.stateless.routeFunctions.get('ListFunds')!;
    const failed = await tracedInvocation(listFunds, { rawPath: '/v1/funds', headers: {}, requestContext: { http: { method: 'GET' } } });
    expect(failed.response.statusCode).toBe(503);
    expect(failed.documents.find((document) => document.name === 'DynamoDB')).toMatchObject({ namespace: 'aws', fault: true, aws: { operation: 'Query', table_name: 'ledger' } });
    const failedHandler = failed.documents.find((document) => document.name === '## index.handler');
    // Flagged, but without the error itself: its message can name a donor.
    expect(failedHandler).toMatchObject({ error: true, annotations: { Service: listFunds.serviceName } });
    expect(failedHandler).not.toHaveProperty('cause');
    expect(failedHandler).not.toHaveProperty('metadata');
  });

  it('reserves no concurrency in dev, where new accounts have little to give', () => {
    for (const [id, fn] of resourcesOf(stateless, 'AWS::Lambda::Function')) {
      expect(fn.Properties?.ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });
});

describe('IAM', () => {
  it('grants no wildcard action in any identity policy', () => {
    const wildcards = allIdentityStatements()
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ where, statement }) => asArray(statement.Action).filter((action) => action.includes('*')).map((action) => `${where}: ${action}`));
    expect(wildcards).toEqual([]);
  });

  it('uses Resource "*" only for the actions AWS authorises on nothing narrower', () => {
    const allowedOnStar = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']);
    const offenders = allIdentityStatements()
      .filter(({ statement }) => statement.Effect === 'Allow' && asArray(statement.Resource).includes('*'))
      .flatMap(({ where, statement }) => asArray(statement.Action).filter((action) => !allowedOnStar.has(action)).map((action) => `${where}: ${action}`));
    expect(offenders).toEqual([]);
  });

  it('attaches no AWS managed policy to any function role', () => {
    for (const fn of sovang.stateless.routeFunctions.values()) {
      const roleId = idIn(fn.role.node.defaultChild as never);
      const role = stateless.findResources('AWS::IAM::Role')[roleId] as Resource;
      expect(role.Properties?.ManagedPolicyArns, roleId).toBeUndefined();
    }
  });

  it('lets GET routes only read the ledger, and public routes write no bucket but a donor’s withdrawal the names bucket', () => {
    for (const route of routes) {
      const fn = sovang.stateless.routeFunctions.get(route.id);
      expect(fn, route.id).toBeDefined();
      const statements = statementsOfFunction(idIn(fn!.function.node.defaultChild as never));
      const actions = statements.flatMap((s) => asArray(s.Action));
      if (route.method === 'GET') expect(actions.filter((action) => TABLE_WRITE.has(action)), route.id).toEqual([]);
      if (route.access.kind !== 'staff') {
        const bucketWrites = statements.filter((s) => asArray(s.Action).some((action) => action.startsWith('s3:') && action !== 's3:ListBucket' && action !== 's3:GetObject' && action !== 's3:GetObjectVersion'));
        // Withdrawing a name rewrites the names files (DESIGN §7), and only them.
        const allowed = route.id === 'WithdrawPledgeName' ? bucketWrites.filter((s) => !JSON.stringify(s.Resource).includes('-names-')) : bucketWrites;
        expect(allowed, route.id).toEqual([]);
      }
    }
  });

  it('lets every API route function, and no other function, read the origin header secret and nothing else of Secrets Manager', () => {
    const secretArn = { 'Fn::ImportValue': originSecretExport() };
    const secretAccess = (fn: { function: { node: { defaultChild?: unknown } } }) =>
      statementsOfFunction(idIn(fn.function.node.defaultChild as never)).filter((statement) =>
        asArray(statement.Action).some((action) => action.startsWith('secretsmanager:')),
      );
    const variables = (fn: { function: { node: { defaultChild?: unknown } } }) =>
      ((stateless.findResources('AWS::Lambda::Function')[idIn(fn.function.node.defaultChild as never)] as Resource).Properties
        ?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(sovang.stateless.routeFunctions.size).toBe(routes.length);
    for (const [id, fn] of sovang.stateless.routeFunctions) {
      expect(variables(fn).ORIGIN_VERIFY_SECRET_ARN, id).toEqual(secretArn);
      expect(secretAccess(fn), id).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }]);
    }
    const others = {
      Fallback: sovang.stateless.fallbackFunction,
      ...Object.fromEntries(sovang.stateless.consumerFunctions),
      ...Object.fromEntries(sovang.stateless.bucketConsumerFunctions),
      ...Object.fromEntries(sovang.stateless.scheduledFunctions),
    };
    expect(Object.keys(others)).toEqual(expect.arrayContaining(['Fallback', 'Totals', 'StatementImport', 'NightlyReport']));
    for (const [id, fn] of Object.entries(others)) {
      expect(variables(fn).ORIGIN_VERIFY_SECRET_ARN, id).toBeUndefined();
      expect(secretAccess(fn), id).toEqual([]);
    }
  });

  it('grants each function the DynamoDB actions its deployed code can send, and no other (GET routes: only the reads of them)', () => {
    // The declarations' bounds: reads only for GET routes and the report job, nothing for the fallback.
    const readOnly = new Set([...routes.filter((route) => route.method === 'GET').map((route) => route.id), 'NightlyReport']);
    const checked: string[] = [];
    for (const [name, fn] of everyFunction()) {
      const used = codeAccess(deployedFiles(fn)).table;
      const granted = [...new Set(statementsOfFunction(idIn(fn.function.node.defaultChild as never)).flatMap((s) => asArray(s.Action)))]
        .filter((action) => TABLE_READ.has(action) || TABLE_WRITE.has(action))
        .sort();
      const expected = name === 'Fallback' ? [] : readOnly.has(name) ? used.filter((action) => TABLE_READ.has(action)) : used;
      expect(granted, `${name}: granted beyond or short of what its code sends`).toEqual([...expected]);
      if (expected.some((action) => TABLE_WRITE.has(action))) checked.push(name);
    }
    expect(checked).toEqual(expect.arrayContaining(['CreatePledge', 'Totals', 'StatementImport', 'ApproveDisbursement']));
  });

  it('lets no function delete an item: history is corrected by reversal, never edited', () => {
    for (const [name, fn] of everyFunction()) {
      const actions = statementsOfFunction(idIn(fn.function.node.defaultChild as never)).flatMap((s) => asArray(s.Action));
      expect(actions.filter((action) => action === 'dynamodb:DeleteItem' || action === 'dynamodb:BatchWriteItem'), name).toEqual([]);
    }
  });

  it('holds the pledge, totals and transfer index functions\' writes to the partitions they write, by dynamodb:LeadingKeys', () => {
    const functions = new Map(everyFunction());
    for (const [name, partitions] of Object.entries(WRITE_PARTITIONS)) {
      const fn = functions.get(name);
      expect(fn, name).toBeDefined();
      const writes = statementsOfFunction(idIn(fn!.function.node.defaultChild as never)).filter((s) => asArray(s.Action).some((action) => TABLE_WRITE.has(action)));
      expect(writes.length, name).toBe(1);
      expect(writes[0], name).toMatchObject({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } } });
    }
    expect(WRITE_PARTITIONS.CreatePledge).toEqual(['PLEDGE#*', ...Array.from({ length: 8 }, (_, n) => `JOURNAL#*#${n}`)]);
    expect(WRITE_PARTITIONS.Totals).toEqual(['TOTAL#*', 'CHECKPOINT#*#*']);
    expect(WRITE_PARTITIONS.TransferIndex).toEqual(['TXN#*#*#*#*']);
  });

  it('keeps public routes away from evidence and bank statements', () => {
    for (const route of routes.filter((r) => r.access.kind !== 'staff')) {
      const fn = sovang.stateless.routeFunctions.get(route.id)!;
      const resources = JSON.stringify(statementsOfFunction(idIn(fn.function.node.defaultChild as never)));
      expect(resources, route.id).not.toContain('-evidence-');
      expect(resources, route.id).not.toContain('-statements-');
    }
  });
});

describe('HTTP API', () => {
  it('routes every declared method and path to its own function', () => {
    const integrations = stateless.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>;
    for (const route of routes) {
      const fn = sovang.stateless.routeFunctions.get(route.id)!;
      const fnId = idIn(fn.function.node.defaultChild as never);
      const [, apiRoute] =
        resourcesOf(stateless, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties?.RouteKey === `${route.method} ${route.path}`) ?? [];
      expect(apiRoute, `${route.method} ${route.path}`).toBeDefined();
      const target = (apiRoute!.Properties?.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as { Ref: string };
      const integration = integrations[target.Ref]!;
      expect(integration.Properties).toMatchObject({ IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] }, PayloadFormatVersion: '2.0' });
      expect(apiRoute!.Properties?.AuthorizationType ?? 'NONE', route.id).toBe(route.access.kind === 'staff' ? 'JWT' : 'NONE');
    }
  });

  it('sends everything else to the fallback function', () => {
    const fallbackId = idIn(sovang.stateless.fallbackFunction.function.node.defaultChild as never);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { 'Fn::GetAtt': [fallbackId, 'Arn'] } });
    stateless.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 1);
  });

  it('throttles the stage, logs every request and allows only the portal origin', () => {
    const { stage } = sovang;
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: stage.apiThrottle.rateLimit, ThrottlingBurstLimit: stage.apiThrottle.burstLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [stage.portalOrigin], AllowCredentials: false }),
    });
  });
});

describe('stream consumers', () => {
  it.each(streamConsumers.map((consumer) => [consumer.id, consumer] as const))('%s reads the ledger stream as declared', (_id, consumer) => {
    const fn = sovang.stateless.consumerFunctions.get(consumer.id)!;
    const fnId = logicalIdOf(fn.function, stateless, 'AWS::Lambda::Function');
    const [[, mapping]] = resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => (m.Properties?.FunctionName as { Ref: string }).Ref === fnId,
    ) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: consumer.batchSize,
      MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
      // Every event names its shard: the consumer's checkpoints are per stream shard.
      ...('tumblingWindowSeconds' in consumer ? { TumblingWindowInSeconds: consumer.tumblingWindowSeconds } : {}),
      BisectBatchOnFunctionError: consumer.bisectBatchOnError,
      MaximumRetryAttempts: consumer.retryAttempts,
      MaximumRecordAgeInSeconds: consumer.maxRecordAgeSeconds,
      ParallelizationFactor: consumer.parallelizationFactor,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(consumer.filter) }] },
      EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/StreamArn/) },
    });
    if (consumer.id === 'Totals') expect(JSON.parse(JSON.stringify(consumer.filter))).toEqual(JSON.parse(JSON.stringify(journalInsertFilter)));

    const destination = (mapping.Properties?.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } }).OnFailure.Destination;
    const queue = stateless.findResources('AWS::SQS::Queue')[destination['Fn::GetAtt'][0]] as Resource;
    expect(queue.Properties, 'on-failure queue').toMatchObject({ SqsManagedSseEnabled: true });
  });
});

describe('scheduled jobs', () => {
  it.each(schedules.map((job) => [job.id, job] as const))('%s runs on its declared cron in its declared time zone', (_id, job) => {
    const fnId = logicalIdOf(sovang.stateless.scheduledFunctions.get(job.id)!.function, stateless, 'AWS::Lambda::Function');
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: job.cron,
      ScheduleExpressionTimezone: job.timezone,
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
      }),
    });
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('lets the report job sign with the Ed25519 key and nothing else sign at all', () => {
    stateful.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    const reportRole = idIn(sovang.stateless.scheduledFunctions.get('NightlyReport')!.role.node.defaultChild as never);
    const signingRoles = resourcesOf(stateless, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.some((s) => asArray(s.Action).includes('kms:Sign')),
      )
      .flatMap(([, policy]) => policy.Properties?.Roles as { Ref: string }[]);
    expect(signingRoles).toEqual([{ Ref: reportRole }]);
    const reportFunction = idIn(sovang.stateless.scheduledFunctions.get('NightlyReport')!.function.node.defaultChild as never);
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPORT_SIGNING_KMS_KEY_ID: { 'Fn::ImportValue': Match.stringLikeRegexp('ReportSigningKey') } }) },
    });
    expect(stateless.findResources('AWS::Lambda::Function')[reportFunction]).toBeDefined();
  });
});

describe('alarms', () => {
  const alarms = (): Resource[] => resourcesOf(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm);
  const alarmsOn = (metricName: string): Resource[] => alarms().filter((alarm) => alarm.Properties?.MetricName === metricName);

  it('watches errors and throttles of every function', () => {
    const functionCount = Object.keys(stateless.findResources('AWS::Lambda::Function')).length;
    expect(alarmsOn('Errors').length).toBe(functionCount);
    expect(alarmsOn('Throttles').length).toBe(functionCount);
  });

  it('watches the stream iterator age of every consumer', () => {
    expect(alarmsOn('IteratorAge').length).toBe(streamConsumers.length);
  });

  it('watches the depth of every dead-letter and on-failure queue', () => {
    const queues = Object.keys(stateless.findResources('AWS::SQS::Queue'));
    const watched = alarmsOn('ApproximateNumberOfMessagesVisible').map(
      (alarm) => ((alarm.Properties?.Dimensions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]!.Value['Fn::GetAtt'][0]),
    );
    expect(watched.sort()).toEqual(queues.sort());
  });

  it('notices a scheduled job that stopped running and any drift in the totals', () => {
    expect(alarmsOn('Invocations').length).toBe(schedules.length);
    expect(alarmsOn('TotalsDrift').length).toBe(1);
    expect(alarmsOn('TotalsDriftUnchecked').length).toBe(1);
    for (const name of ['TotalsDrift', 'TotalsDriftUnchecked']) {
      const [alarm] = alarmsOn(name);
      const reportService = sovang.stateless.scheduledFunctions.get('NightlyReport')!.serviceName;
      // The metric the nightly job emits (functions/reports/nightly.ts): namespace and Powertools' service dimension.
      expect(alarm!.Properties, name).toMatchObject({
        Namespace: 'SoVang',
        Dimensions: [{ Name: 'service', Value: reportService }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('puts the API, the functions, the queues and every alarm on one dashboard', () => {
    const [[, dashboard]] = resourcesOf(stateless, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = JSON.stringify(dashboard.Properties?.DashboardBody);
    for (const title of ['API requests and errors', 'Function errors', 'Stream iterator age', 'Dead-letter and on-failure queues', 'Alarms']) {
      expect(body).toContain(title);
    }
  });

  it('sends every alarm to the encrypted, TLS-only alarm topic', () => {
    const [[topicId, topic]] = resourcesOf(stateless, 'AWS::SNS::Topic') as [[string, Resource]];
    expect(topic.Properties?.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms()) {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });
});

describe('bucket consumers', () => {
  it.each(bucketConsumers.map((consumer) => [consumer.id, consumer] as const))('%s starts on uploads under its prefix, through EventBridge', (_id, consumer) => {
    const fn = sovang.stateless.bucketConsumerFunctions.get(consumer.id)!;
    const fnId = logicalIdOf(fn.function, stateless, 'AWS::Lambda::Function');
    const bucketId = sovang.stateful.getLogicalId(sovang.stateful.buckets[consumer.bucket].bucket.node.defaultChild as never);
    expect((stateful.findResources('AWS::S3::Bucket')[bucketId] as Resource).Properties?.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    const [[, rule]] = resourcesOf(stateless, 'AWS::Events::Rule') as [[string, Resource]];
    expect(rule.Properties).toMatchObject({
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [expect.anything()] }, object: { key: [{ prefix: consumer.prefix }] } },
      },
      Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: { Arn: expect.anything() } })],
    });
    expect(JSON.stringify(rule.Properties?.EventPattern)).toContain(`-${consumer.bucket}-`);
    expect((stateless.findResources('AWS::Lambda::Function')[fnId] as Resource).Properties).toMatchObject({
      Timeout: consumer.timeoutSeconds,
      MemorySize: consumer.memoryMB,
    });
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });
});

describe('edge', () => {
  type Behaviour = { PathPattern: string; CachePolicyId: unknown; TargetOriginId: string; ViewerProtocolPolicy: string; ResponseHeadersPolicyId: unknown; CachedMethods?: string[] };
  type Origin = { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: { OriginAccessIdentity: string } };
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

  function distribution(): { DefaultCacheBehavior: Behaviour; CacheBehaviors: Behaviour[]; Origins: Origin[] } & Record<string, unknown> {
    const [[, resource]] = resourcesOf(edge, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    return resource.Properties?.DistributionConfig as never;
  }
  /** The behaviour CloudFront picks for a path: the first additional one that matches, else the default. */
  function behaviourFor(path: string): Behaviour {
    const config = distribution();
    return config.CacheBehaviors.find((behaviour) => pathPatternMatches(behaviour.PathPattern, path)) ?? config.DefaultCacheBehavior;
  }
  const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, 'x');
  const originOf = (behaviour: Behaviour) => distribution().Origins.find((origin) => origin.Id === behaviour.TargetOriginId)!;

  it('puts the WAF web ACL of the us-east-1 firewall stack in front, and logs to the access-logs bucket', () => {
    const config = distribution();
    // A cross-region reference: read at deploy time from the parameter the firewall stack writes.
    expect(JSON.stringify(config.WebACLId)).toContain('WebAclArn');
    expect(config.Logging).toMatchObject({
      Bucket: { 'Fn::ImportValue': expect.stringMatching(/AccessLogs/) },
      Prefix: 'cloudfront/',
    });
    expect(config).toMatchObject({ Enabled: true, DefaultRootObject: 'index.html', HttpVersion: 'http2and3' });
  });

  it('serves the portal, the reports and their names files from their private buckets through origin access control', () => {
    const portal = originOf(distribution().DefaultCacheBehavior);
    const reports = originOf(behaviourFor('/reports/cuba-2025/latest/manifest.json'));
    const names = originOf(behaviourFor('/reports/cuba-2025/2025-10-05/names.jsonl'));
    for (const origin of [portal, reports, names]) {
      expect(origin.OriginAccessControlId, origin.Id).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
      expect(origin.S3OriginConfig, origin.Id).toEqual({ OriginAccessIdentity: '' });
    }
    expect(JSON.stringify(portal.DomainName)).toContain('-portal-');
    expect(JSON.stringify(reports.DomainName)).toContain('-reports-');
    expect(JSON.stringify(names.DomainName)).toContain('-names-');
    edge.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    expect(distribution().DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('never caches a route that takes credentials, and caches public reads as their Cache-Control says', () => {
    const apiOriginIds = new Set<string>();
    for (const route of routes) {
      const behaviour = behaviourFor(samplePath(route.path));
      apiOriginIds.add(behaviour.TargetOriginId);
      const open = route.access.kind === 'public' || route.access.kind === 'publicOrApiKey';
      // A write at the very path of a public read (PUT /v1/funds/{fundId}/plan) goes through the
      // read's behaviour: CloudFront caches GET and HEAD only, and keys them by credentials.
      const writeAtPublicPath = route.method !== 'GET' && routes.some((other) => other !== route && other.path === route.path && (other.access.kind === 'public' || other.access.kind === 'publicOrApiKey'));
      if (open || writeAtPublicPath) {
        expect(behaviour.PathPattern, route.id).toBe(route.openCors ? '/v1/open-data/*' : '/v1/*');
        expect(behaviour.CachePolicyId, route.id).toEqual({ Ref: expect.stringMatching(/PublicApiCache/) });
        expect(behaviour.CachedMethods, route.id).toEqual(['GET', 'HEAD']);
        expect(route.cache, route.id).toBe(open ? route.cache : undefined);
      } else {
        expect(behaviour.CachePolicyId, `${route.id} (${route.path}) is not cached`).toBe(CACHING_DISABLED);
        // What the edge relies on besides: such routes declare no cache, so they answer no-store.
        expect(route.cache, route.id).toBeUndefined();
      }
      expect(behaviour.ViewerProtocolPolicy, route.id).toBe('https-only');
    }
    // Every API path goes to the one HTTP API origin.
    expect(apiOriginIds.size).toBe(1);
    expect(JSON.stringify(originOf(behaviourFor('/v1/funds')).DomainName)).toContain('ApiEndpoint');
    edge.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
          // A response to a token or key is never served to another caller.
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization', 'x-api-key'] },
        }),
      },
    });
  });

  it('opens CORS to every origin for GET on open data only, overriding the API’s own', () => {
    const config = distribution();
    const openData = behaviourFor('/v1/open-data/funds/x/wards');
    expect(openData.PathPattern).toBe('/v1/open-data/*');
    const policies = Object.fromEntries(resourcesOf(edge, 'AWS::CloudFront::ResponseHeadersPolicy') as [string, Resource][]);
    const corsOf = (behaviour: Behaviour) =>
      (policies[(behaviour.ResponseHeadersPolicyId as { Ref: string }).Ref]!.Properties?.ResponseHeadersPolicyConfig as { CorsConfig?: Record<string, unknown> }).CorsConfig;
    expect(corsOf(openData)).toEqual({
      AccessControlAllowOrigins: { Items: ['*'] },
      AccessControlAllowMethods: { Items: ['GET', 'HEAD', 'OPTIONS'] },
      AccessControlAllowHeaders: { Items: ['*'] },
      AccessControlAllowCredentials: false,
      AccessControlMaxAgeSec: 86400,
      OriginOverride: true,
    });
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors.filter((b) => b !== openData)]) expect(corsOf(behaviour), behaviour.PathPattern).toBeUndefined();
    // Behaviours match in order: the staff routes under /v1/ come before it, and none is under /v1/open-data/.
    expect(routes.filter((route) => route.path.startsWith('/v1/open-data/')).every((route) => route.access.kind === 'public' && route.method === 'GET')).toBe(true);
  });

  it('sends the security headers on every response: HSTS, a CSP for the portal, nosniff, frame and referrer policy', () => {
    const config = distribution();
    const policyRefs = new Set([config.DefaultCacheBehavior, ...config.CacheBehaviors].map((behaviour) => JSON.stringify(behaviour.ResponseHeadersPolicyId)));
    // The open-data behaviour has a policy of its own, with the same security headers and open CORS.
    expect(policyRefs.size).toBe(2);
    const policies = resourcesOf(edge, 'AWS::CloudFront::ResponseHeadersPolicy') as [string, Resource][];
    const headerSets = policies.map(([, policy]) => JSON.stringify((policy.Properties?.ResponseHeadersPolicyConfig as Record<string, unknown>).SecurityHeadersConfig));
    expect(new Set(headerSets).size).toBe(1);
    const [[, policy]] = policies as [[string, Resource]];
    const headers = (policy.Properties?.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    const csp = JSON.stringify(headers.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "img-src 'self' data:"]) {
      expect(csp).toContain(directive);
    }
    expect(csp, 'the console exchanges its code at the hosted UI').toContain('amazoncognito.com');
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
  });

  it('sends the API, and only the API, the origin header from the secret by a dynamic reference, never its value', () => {
    const apiOrigin = originOf(behaviourFor('/v1/funds')) as Origin & { OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] };
    const secretId = sovang.stateful.getLogicalId(sovang.stateful.originVerifySecret.node.defaultChild as never);
    expect(apiOrigin.OriginCustomHeaders).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { 'Fn::ImportValue': originSecretExport() }, ':SecretString:::}}']] },
      },
    ]);
    for (const origin of distribution().Origins.filter((origin) => origin.Id !== apiOrigin.Id)) {
      expect((origin as { OriginCustomHeaders?: unknown }).OriginCustomHeaders, origin.Id).toBeUndefined();
    }
    // The value is made by Secrets Manager at deployment: letters and digits, long enough to guess never.
    const secret = stateful.findResources('AWS::SecretsManager::Secret')[secretId] as Resource;
    expect(secret.Properties).toMatchObject({ GenerateSecretString: { ExcludePunctuation: true, IncludeSpace: false } });
    expect((secret.Properties?.GenerateSecretString as { PasswordLength: number }).PasswordLength).toBeGreaterThanOrEqual(32);
    expect(secret.Properties?.SecretString).toBeUndefined();
  });

  it('serves portal pages through index.html without touching API or report paths', () => {
    const [[, fn]] = resourcesOf(edge, 'AWS::CloudFront::Function') as [[string, Resource]];
    const code = fn.Properties?.FunctionCode as string;
    // Run the viewer-request function as CloudFront would, on a few URIs.
    const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/console/callback' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/funds/cuba-2025' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/app-3F2A.js' } }).uri).toBe('/assets/app-3F2A.js');
    expect(handler({ request: { uri: '/config.json' } }).uri).toBe('/config.json');
    const association = (distribution().DefaultCacheBehavior as unknown as { FunctionAssociations: { EventType: string }[] }).FunctionAssociations;
    expect(association).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    for (const behaviour of distribution().CacheBehaviors) expect((behaviour as unknown as Record<string, unknown>).FunctionAssociations, behaviour.PathPattern).toBeUndefined();
  });
});

describe('firewall', () => {
  it('is a CloudFront-scope web ACL with per-IP rate limits and the AWS managed rule groups', () => {
    const [[, acl]] = resourcesOf(firewall, 'AWS::WAFv2::WebACL') as [[string, Resource]];
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Properties?.Rules as { Name: string; Priority: number; Statement: Record<string, Record<string, unknown>>; Action?: unknown }[];
    const managed = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement).map((rule) => rule.Statement.ManagedRuleGroupStatement!.Name);
    expect(managed.sort()).toEqual([...MANAGED_RULE_GROUPS].sort());
    const rateRules = rules.filter((rule) => rule.Statement.RateBasedStatement);
    expect(rateRules.map((rule) => rule.Statement.RateBasedStatement)).toEqual([
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: sovang.stage.edgeRateLimits.all }),
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: sovang.stage.edgeRateLimits.writes, ScopeDownStatement: expect.anything() }),
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: 30, EvaluationWindowSec: 300 }),
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: 100, EvaluationWindowSec: 300 }),
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: 10, EvaluationWindowSec: 600 }),
      expect.objectContaining({ AggregateKeyType: 'IP', Limit: 20, EvaluationWindowSec: 300 }),
      expect.objectContaining({ AggregateKeyType: 'CUSTOM_KEYS', Limit: 10, EvaluationWindowSec: 600 }),
    ]);
    // Withdrawing a name: 10 tries per address and 10 per pledge code in 10 minutes, whatever headers come with them.
    const withdrawals = rateRules.filter((rule) => rule.Name.endsWith('WithdrawPledgeName'));
    expect(withdrawals.map((rule) => rule.Name).sort()).toEqual(['RateLimitAnonymousWithdrawPledgeName', 'RateLimitPathWithdrawPledgeName']);
    for (const rule of withdrawals) {
      const scopeDown = JSON.stringify(rule.Statement.RateBasedStatement!.ScopeDownStatement);
      expect(scopeDown).toContain('"RegexString":"^/v1/pledges/[^/]+/withdraw-name$"');
      expect(scopeDown).not.toContain('NotStatement');
    }
    expect(withdrawals.find((rule) => rule.Name === 'RateLimitPathWithdrawPledgeName')!.Statement.RateBasedStatement!.CustomKeys).toEqual([{ UriPath: { TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }]);
    for (const rule of rateRules.slice(0, 2)) expect(rule.Action).toEqual({ Block: {} });
    // Anonymous pledges: POST /v1/pledges without a token or a key, 100 per address in 5 minutes, refused with 429.
    const pledges = rateRules.find((rule) => rule.Name === 'RateLimitAnonymousCreatePledge')!;
    expect(pledges.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '300' }] } } });
    const scope = JSON.stringify(pledges.Statement.RateBasedStatement!.ScopeDownStatement);
    for (const part of ['"SearchString":"POST"', '"SearchString":"/v1/pledges"', '"Name":"authorization"', '"Name":"x-api-key"', 'NotStatement']) expect(scope).toContain(part);
    // Flags: POST /v1/funds/<any fund>/flags, 20 per address in 5 minutes, every fund's together.
    const flags = rateRules.find((rule) => rule.Name === 'RateLimitAnonymousRaiseFlag')!;
    expect(flags.Statement.RateBasedStatement!.Limit).toBe(20);
    expect(JSON.stringify(flags.Statement.RateBasedStatement!.ScopeDownStatement)).toContain('"RegexString":"^/v1/funds/[^/]+/flags$"');
    // A path with a parameter matches one path segment in its place: /v1/funds/{fundId}/transfers.
    const transfers = JSON.stringify(rateRules.find((rule) => rule.Name === 'RateLimitAnonymousFindTransfers')!.Statement.RateBasedStatement!.ScopeDownStatement);
    expect(transfers).toContain('"RegexString":"^/v1/funds/[^/]+/transfers$"');
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
    // Statement uploads are request bodies of up to 4 MB: the body size rule counts, never blocks.
    const common = rules.find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.Statement.ManagedRuleGroupStatement!.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  });

  it('logs to an aws-waf-logs- group with credentials redacted', () => {
    firewall.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-sovang-dev' });
    firewall.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'x-api-key' } }],
      LoggingFilter: { DefaultBehavior: 'DROP', Filters: [Match.objectLike({ Behavior: 'KEEP', Requirement: 'MEETS_ANY' })] },
    });
  });
});
