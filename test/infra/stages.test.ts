/**
 * What changes between stages and when the route table grows. Bundling and the built-in
 * CloudFormation schema validation are skipped here: app.test.ts already runs both once, on
 * exactly what `cdk synth` builds, and these tests are about the templates around the code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { defineSovang, type Sovang } from '../../infra/stacks/sovang';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { NAMES_FILE } from '../../shared/reports/names';
import { bucketConsumers, schedules, streamConsumers, type BucketKey } from '../../shared/resources';
import { routes, type RouteDef } from '../../shared/routes';
import { statelessTemplate } from '../support/cdk-templates';
import { RaiseFlag } from '../../shared/routes/flags';
import { CreatePledge, WithdrawPledgeName } from '../../shared/routes/pledges';
import { FindTransfers } from '../../shared/routes/funds';

type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const outdirs: string[] = [];

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function quickApp(context: Record<string, unknown> = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'sovang-cdk-'));
  outdirs.push(outdir);
  return new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

function build(
  context: Record<string, unknown>,
  routeTable?: readonly RouteDef[],
): { sovang: Sovang; stateful: Template; stateless: Template; firewall: Template; edge: Template } {
  const app = quickApp(context);
  const sovang = defineSovang(app, { routes: routeTable });
  app.synth();
  return {
    sovang,
    stateful: Template.fromStack(sovang.stateful),
    stateless: statelessTemplate(sovang.stateless),
    firewall: Template.fromStack(sovang.firewall),
    edge: Template.fromStack(sovang.edge),
  };
}

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function only(template: Template, type: string): Resource {
  const all = Object.values(template.findResources(type)) as Resource[];
  expect(all.length, type).toBe(1);
  return all[0]!;
}

function bucketOf(sovang: Sovang, template: Template, key: BucketKey): Resource {
  const id = sovang.stateful.getLogicalId(sovang.stateful.buckets[key].bucket.node.defaultChild as never);
  return template.findResources('AWS::S3::Bucket')[id] as Resource;
}

/** The statements of every identity policy attached to the function's role. */
function roleStatements(template: Template, fn: HouseFunction): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  const roleId = Stack.of(fn.role).getLogicalId(fn.role.node.defaultChild as never);
  return (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[])
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: { Effect: string; Action: string | string[]; Resource: unknown }[] }).Statement);
}

/** Every deployed function, by its declaration's id. */
function everyFunction(sovang: Sovang): [string, HouseFunction][] {
  const { routeFunctions, consumerFunctions, bucketConsumerFunctions, scheduledFunctions, fallbackFunction } = sovang.stateless;
  return [...routeFunctions, ...consumerFunctions, ...bucketConsumerFunctions, ...scheduledFunctions, ['Fallback', fallbackFunction]];
}

/** What a production deployment must state; nothing of it has a default. */
const PROD_CONTEXT = {
  stage: 'prod',
  portalOrigin: 'https://quy.example.org',
  consoleCallbackUrls: 'https://quy.example.org/console/callback,https://ban.example.org/console/callback',
};

describe('prod', () => {
  const { sovang, stateful, stateless, firewall, edge } = build({ ...PROD_CONTEXT, portalDomain: 'quy.example.org', certificateArn: CERTIFICATE });

  it('passes cdk-nag as well', () => {
    expect(new AwsSolutionsChecks().validateScope(sovang.stateful.node.root).violations).toEqual([]);
  });

  it('retains the ledger, its key, the user pool and every bucket', () => {
    expect(only(stateful, 'AWS::DynamoDB::Table')).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(only(stateful, 'AWS::Cognito::UserPool')).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
    for (const [id, bucket] of Object.entries(stateful.findResources('AWS::S3::Bucket')) as [string, Resource][]) {
      expect(bucket.DeletionPolicy, id).toBe('Retain');
    }
    for (const [id, key] of Object.entries(stateful.findResources('AWS::KMS::Key')) as [string, Resource][]) {
      expect(key.DeletionPolicy, id).toBe('Retain');
    }
    stateful.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    for (const stack of [sovang.stateful, sovang.stateless, sovang.firewall, sovang.edge]) expect(stack.terminationProtection, stack.stackName).toBe(true);
  });

  it('serves its custom domain with its certificate and TLS 1.2 at least, and the console signs in there', () => {
    const distribution = only(edge, 'AWS::CloudFront::Distribution').Properties?.DistributionConfig as Record<string, unknown>;
    expect(distribution).toMatchObject({
      Aliases: ['quy.example.org'],
      ViewerCertificate: { AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://quy.example.org/console/callback', 'https://ban.example.org/console/callback'],
      LogoutURLs: ['https://quy.example.org/console', 'https://ban.example.org/console'],
    });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://quy.example.org'] }) });
  });

  it('rate-limits per IP at the prod limits, and anonymous pledges and flags at their routes’', () => {
    const acl = only(firewall, 'AWS::WAFv2::WebACL').Properties as { Rules: { Statement: { RateBasedStatement?: { Limit: number } } }[] };
    expect(acl.Rules.flatMap((rule) => (rule.Statement.RateBasedStatement ? [rule.Statement.RateBasedStatement.Limit] : []))).toEqual([3000, 600, FindTransfers.anonymousRateLimit!.requests, CreatePledge.anonymousRateLimit!.requests, WithdrawPledgeName.anonymousRateLimit!.requests, RaiseFlag.anonymousRateLimit!.requests, WithdrawPledgeName.pathRateLimit!.requests]);
  });

  it('keeps the import of bank statements to a few at a time', () => {
    const fn = sovang.stateless.bucketConsumerFunctions.get('StatementImport')!;
    const id = sovang.stateless.getLogicalId(fn.function.node.defaultChild as never);
    expect((stateless.findResources('AWS::Lambda::Function')[id] as Resource).Properties).toMatchObject({ ReservedConcurrentExecutions: 4 });
  });

  it('keeps every version of payout evidence and bank statements, locked in compliance mode for ten years', () => {
    for (const key of ['evidence', 'statements'] as const) {
      expect(bucketOf(sovang, stateful, key).Properties, key).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
      });
      expect(bucketOf(sovang, stateful, key).DeletionPolicy, key).toBe('Retain');
    }
  });

  it('locks reports for ten years and protects the table from deletion', () => {
    expect(bucketOf(sovang, stateful, 'reports').Properties).toMatchObject({
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
    expect(only(stateful, 'AWS::DynamoDB::Table').Properties).toMatchObject({ DeletionProtectionEnabled: true });
  });

  it('keeps names files in a bucket without versions or Object Lock, encrypted, private and retained, while the reports stay locked', () => {
    const names = bucketOf(sovang, stateful, 'names');
    expect(names, 'names bucket').toBeDefined();
    expect(names.Properties?.VersioningConfiguration).toBeUndefined();
    expect(names.Properties?.ObjectLockEnabled).toBeUndefined();
    expect(names.Properties?.ObjectLockConfiguration).toBeUndefined();
    expect(names.Properties?.BucketEncryption).toMatchObject({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(names.Properties?.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(names.DeletionPolicy).toBe('Retain');
    expect(bucketOf(sovang, stateful, 'reports').Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
  });

  it('refuses every principal a names file in the Object-Locked reports bucket', () => {
    const reportsId = sovang.stateful.getLogicalId(sovang.stateful.buckets.reports.bucket.node.defaultChild as never);
    const denials = (Object.values(stateful.findResources('AWS::S3::BucketPolicy')) as Resource[])
      .filter((policy) => JSON.stringify(policy.Properties?.Bucket) === JSON.stringify({ Ref: reportsId }))
      .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: { Effect: string; Action: unknown; Principal: unknown; Resource: unknown }[] }).Statement)
      .filter((statement) => statement.Effect === 'Deny' && statement.Action === 's3:PutObject');
    expect(denials).toHaveLength(1);
    expect(denials[0]!.Principal).toEqual({ AWS: '*' });
    expect(JSON.stringify(denials[0]!.Resource)).toContain(`/*/${NAMES_FILE}`);
    expect(JSON.stringify(denials[0]!.Resource)).toContain(reportsId);
  });

  it('grants the names bucket to the report job, the withdrawals and the file route (read) only, and the withdrawals no other bucket', () => {
    const touching = new Map<string, string[]>();
    for (const [id, fn] of everyFunction(sovang)) {
      const statements = roleStatements(stateless, fn).filter((statement) => JSON.stringify(statement.Resource).includes('-names-'));
      if (statements.length) touching.set(id, [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort());
    }
    const writes = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:PutObject'];
    expect(Object.fromEntries(touching)).toEqual({
      GetReportFile: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
      WithdrawPledgeName: writes,
      WithdrawPledgeNameOnRequest: writes,
      NightlyReport: writes,
    });
    for (const id of ['WithdrawPledgeName', 'WithdrawPledgeNameOnRequest']) {
      const text = JSON.stringify(roleStatements(stateless, sovang.stateless.routeFunctions.get(id)!));
      for (const other of ['reports', 'evidence', 'statements']) expect(text, `${id} on ${other}`).not.toContain(`-${other}-`);
    }
  });

  it('serves names.jsonl at /reports/… from the names bucket, ahead of the reports bucket’s behaviour', () => {
    const config = only(edge, 'AWS::CloudFront::Distribution').Properties?.DistributionConfig as {
      Origins: { Id: string; DomainName: unknown }[];
      CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
    };
    const namesAt = config.CacheBehaviors.findIndex((behaviour) => behaviour.PathPattern === `/reports/*/${NAMES_FILE}`);
    const reportsAt = config.CacheBehaviors.findIndex((behaviour) => behaviour.PathPattern === '/reports/*');
    expect(namesAt).toBeGreaterThanOrEqual(0);
    expect(namesAt).toBeLessThan(reportsAt);
    const originOf = (at: number) => JSON.stringify(config.Origins.find((origin) => origin.Id === config.CacheBehaviors[at]!.TargetOriginId)!.DomainName);
    expect(originOf(namesAt)).toContain('-names-');
    expect(originOf(reportsAt)).toContain('-reports-');
  });

  it('throttles at the prod limits and lets only one report run at a time', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
    const nightly = sovang.stateless.scheduledFunctions.get('NightlyReport')!;
    const id = sovang.stateless.getLogicalId(nightly.function.node.defaultChild as never);
    expect((stateless.findResources('AWS::Lambda::Function')[id] as Resource).Properties).toMatchObject({ ReservedConcurrentExecutions: 1 });
  });
});

describe('prod without its origin or callbacks', () => {
  it('stops the synth naming portalOrigin when the portal origin is not given, whatever else is', () => {
    const { portalOrigin: _origin, ...withoutOrigin } = PROD_CONTEXT;
    expect(() => defineSovang(quickApp(withoutOrigin))).toThrow(/-c portalOrigin is required for stage prod/);
    // A custom domain is not taken as the origin in prod: the origin is stated, never derived.
    expect(() => defineSovang(quickApp({ ...withoutOrigin, portalDomain: 'quy.example.org', certificateArn: CERTIFICATE }))).toThrow(/-c portalOrigin is required/);
  });

  it('stops the synth naming consoleCallbackUrls when the Cognito callbacks are not given', () => {
    const { consoleCallbackUrls: _callbacks, ...withoutCallbacks } = PROD_CONTEXT;
    expect(() => defineSovang(quickApp(withoutCallbacks))).toThrow(/-c consoleCallbackUrls is required for stage prod/);
  });

  it('refuses plain http, a callback off the console path, and callbacks that leave out the portal origin', () => {
    expect(() => defineSovang(quickApp({ ...PROD_CONTEXT, portalOrigin: 'http://quy.example.org', consoleCallbackUrls: 'http://quy.example.org/console/callback' }))).toThrow(/https only/);
    expect(() => defineSovang(quickApp({ ...PROD_CONTEXT, consoleCallbackUrls: 'https://quy.example.org/callback' }))).toThrow(/<origin>\/console\/callback/);
    expect(() => defineSovang(quickApp({ ...PROD_CONTEXT, consoleCallbackUrls: 'https://ban.example.org/console/callback' }))).toThrow(/must include https:\/\/quy\.example\.org\/console\/callback/);
  });

  it('takes the callbacks as a list from cdk.json as well', () => {
    const { stateful, stateless } = build({ ...PROD_CONTEXT, consoleCallbackUrls: ['https://quy.example.org/console/callback'] });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://quy.example.org/console/callback'] });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://quy.example.org'] }) });
  });
});

describe('dev', () => {
  const { sovang, stateful, stateless } = build({ stage: 'dev' });

  it('defaults to the local twin\'s origin, which no one can register', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:3000'] }) });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['http://localhost:3000/console/callback'] });
  });

  it('lets evidence and statements go with the stack, but never the reports or the signing key', () => {
    expect(bucketOf(sovang, stateful, 'evidence').DeletionPolicy).toBe('Delete');
    expect(bucketOf(sovang, stateful, 'statements').DeletionPolicy).toBe('Delete');
    expect(bucketOf(sovang, stateful, 'reports').DeletionPolicy).toBe('Retain');
    stateful.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { KeySpec: 'ECC_NIST_EDWARDS25519' } });
    expect(sovang.stateful.terminationProtection).toBe(false);
  });

  it('versions evidence and statements in dev without locking them, so dev can be torn down', () => {
    for (const key of ['evidence', 'statements'] as const) {
      const bucket = bucketOf(sovang, stateful, key).Properties!;
      expect(bucket, key).toMatchObject({ VersioningConfiguration: { Status: 'Enabled' } });
      expect(bucket.ObjectLockEnabled, key).toBeUndefined();
      expect(bucket.ObjectLockConfiguration, key).toBeUndefined();
    }
  });

  it('keeps deletion protection on the ledger even in dev', () => {
    expect(only(stateful, 'AWS::DynamoDB::Table').Properties).toMatchObject({ DeletionProtectionEnabled: true });
  });
});

describe('context overrides', () => {
  it('takes the portal origin, report retention, table protection and signing key spec from -c', () => {
    const { stateful, stateless, sovang } = build({
      stage: 'dev',
      portalOrigin: 'https://quy.example.org',
      reportsRetentionDays: '30',
      tableDeletionProtection: 'false',
      reportSigningKeySpec: 'ECC_NIST_P256',
    });
    stateful.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: ['https://quy.example.org'] } });
    expect(bucketOf(sovang, stateful, 'reports').Properties).toMatchObject({
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Days: 30 } } },
    });
    expect(only(stateful, 'AWS::DynamoDB::Table').Properties).toMatchObject({ DeletionProtectionEnabled: false });
  });

  it('names the rotated version of the origin header secret when told to, so the edge picks the new value up', () => {
    const versionId = '3b1f0a52-9c4e-4d7a-8f21-6e0c5d9b7a13';
    const headerValue = (edge: Template) => {
      const config = only(edge, 'AWS::CloudFront::Distribution').Properties?.DistributionConfig as { Origins: { OriginCustomHeaders?: { HeaderValue: unknown }[] }[] };
      const headers = config.Origins.flatMap((origin) => origin.OriginCustomHeaders ?? []);
      expect(headers).toHaveLength(1);
      return JSON.stringify(headers[0]!.HeaderValue);
    };
    expect(headerValue(build({ stage: 'dev', originVerifyVersionId: versionId }).edge)).toContain(`:SecretString:::${versionId}}}`);
    expect(headerValue(build({ stage: 'dev' }).edge)).toContain(':SecretString:::}}');
    expect(() => defineSovang(quickApp({ originVerifyVersionId: 'AWSCURRENT' }))).toThrow(/originVerifyVersionId/);
  });

  it('lets only the named distribution read the portal, the reports and their names once it is given', () => {
    const readers = (stateful: Template) =>
      Object.values(stateful.findResources('AWS::S3::BucketPolicy')).flatMap((policy) =>
        ((policy as Resource).Properties?.PolicyDocument as { Statement: { Sid?: string; Condition?: unknown }[] }).Statement.filter(
          (statement) => statement.Sid === 'CloudFrontOriginAccessControlRead',
        ),
      );
    const pinned = readers(build({ stage: 'dev', edgeDistributionId: 'E2QWRUHAPOMQZL' }).stateful);
    // The portal, the reports and their names files.
    expect(pinned).toHaveLength(3);
    for (const statement of pinned) {
      const sourceArn = JSON.stringify(statement.Condition);
      expect(sourceArn).toContain(':distribution/E2QWRUHAPOMQZL');
      expect(sourceArn).not.toContain('distribution/*');
    }
    for (const statement of readers(build({ stage: 'dev' }).stateful)) expect(JSON.stringify(statement.Condition)).toContain(':distribution/*');
    expect(() => defineSovang(quickApp({ edgeDistributionId: 'arn:aws:cloudfront::1:distribution/E2QW' }))).toThrow(/edgeDistributionId/);
  });

  it('gives the report job the open-data identifiers the deployment sets, and refuses a malformed one at synth', () => {
    const settings = {
      openDataPublisherRef: 'XI-IATI-MTTQVN',
      openDataCommitteeRefs: '{"vn-79":"XI-IATI-MTTQHCM"}',
      openData360gPrefix: '360G-mttqvn',
      openDataLicense: 'https://creativecommons.org/publicdomain/zero/1.0/',
    };
    const { sovang, stateless } = build({ stage: 'dev', ...settings });
    const nightly = sovang.stateless.scheduledFunctions.get('NightlyReport')!;
    const id = sovang.stateless.getLogicalId(nightly.function.node.defaultChild as never);
    expect((stateless.findResources('AWS::Lambda::Function')[id] as Resource).Properties).toMatchObject({
      Environment: {
        Variables: {
          OPEN_DATA_PUBLISHER_REF: 'XI-IATI-MTTQVN',
          OPEN_DATA_COMMITTEE_REFS: '{"vn-79":"XI-IATI-MTTQHCM"}',
          OPEN_DATA_360G_PREFIX: '360G-mttqvn',
          OPEN_DATA_LICENSE: 'https://creativecommons.org/publicdomain/zero/1.0/',
        },
      },
    });
    expect(() => defineSovang(quickApp({ openDataPublisherRef: 'MTTQ' }))).toThrow(/-c openDataPublisherRef=MTTQ: expected an organisation identifier/);
    expect(() => defineSovang(quickApp({ openDataCommitteeRefs: '{"vn-79":"HCM"}' }))).toThrow(/-c openDataCommitteeRefs=.*committee id to organisation identifier/);
    expect(() => defineSovang(quickApp({ openData360gPrefix: 'mttq' }))).toThrow(/-c openData360gPrefix=mttq/);
    expect(() => defineSovang(quickApp({ openDataLicense: 'CC BY' }))).toThrow(/-c openDataLicense=CC BY/);
  });

  it('refuses an unknown stage, a portal origin with a path and an unsupported signing key', () => {
    expect(() => defineSovang(quickApp({ stage: 'staging' }))).toThrow(/stage=staging/);
    expect(() => defineSovang(quickApp({ portalOrigin: 'https://x.vn/portal' }))).toThrow(/portalOrigin/);
    expect(() => defineSovang(quickApp({ reportSigningKeySpec: 'RSA_2048' }))).toThrow(/reportSigningKeySpec/);
    expect(() => defineSovang(quickApp({ portalDomain: 'quy.example.org' }))).toThrow(/go together/);
    expect(() => defineSovang(quickApp({ portalDomain: 'quy.example.org', certificateArn: CERTIFICATE.replace('us-east-1', 'ap-southeast-1') }))).toThrow(/us-east-1/);
  });
});

describe('a growing route table', () => {
  const staffRoute: RouteDef = {
    // A handler that reads S3: a bucket is granted only to code that calls S3.
    ...routes.find((route) => route.id === 'ListReports')!,
    id: 'ListDisbursementsForAudit',
    method: 'GET',
    path: '/v1/staff/audit-probe',
    access: { kind: 'staff', roles: ['auditor'] },
  };
  const { sovang, stateless, edge } = build({ stage: 'dev' }, [...routes, staffRoute]);

  it('deploys one more function and one more route for one more declaration', () => {
    stateless.resourceCountIs('AWS::Lambda::Function', routes.length + 2 + streamConsumers.length + bucketConsumers.length + schedules.length);
    stateless.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 2);
  });

  it('keeps the new staff path out of the edge cache', () => {
    expect(sovang.edge.uncachedPatterns).toContain('/v1/staff*');
    const behaviours = (only(edge, 'AWS::CloudFront::Distribution').Properties?.DistributionConfig as { CacheBehaviors: { PathPattern: string; CachePolicyId: unknown }[] }).CacheBehaviors;
    const staffBehaviour = behaviours.find((behaviour) => behaviour.PathPattern === '/v1/staff*');
    expect(staffBehaviour?.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behaviours.findIndex((behaviour) => behaviour.PathPattern === '/v1/staff*')).toBeLessThan(behaviours.findIndex((behaviour) => behaviour.PathPattern === '/v1/*'));
  });

  it('puts staff routes behind the Cognito JWT authorizer', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /v1/staff/audit-probe',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Match.anyValue() },
    });
    const authorizer = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [expect.anything()], Issuer: expect.anything() },
    });
    expect(JSON.stringify(authorizer.Properties)).toContain('cognito-idp.');
  });

  it('lets staff routes read evidence and statements, which public routes cannot', () => {
    const fn = sovang.stateless.routeFunctions.get(staffRoute.id)!;
    const roleId = Stack.of(fn.role).getLogicalId(fn.role.node.defaultChild as never);
    const statements = (Object.values(stateless.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: unknown[] }).Statement);
    const text = JSON.stringify(statements);
    expect(text).toContain('-evidence-');
    expect(text).toContain('-statements-');
    expect(text).not.toContain('s3:PutObject');
  });

  it('grants no bucket to a function whose code never calls S3, whatever its route allows', () => {
    const fn = sovang.stateless.routeFunctions.get('GetStatement')!;
    const roleId = Stack.of(fn.role).getLogicalId(fn.role.node.defaultChild as never);
    const statements = (Object.values(stateless.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: unknown[] }).Statement);
    expect(JSON.stringify(statements)).toContain('dynamodb:GetItem');
    expect(JSON.stringify(statements)).not.toContain('s3:');
  });

  it('stops the synth when a declared handler file is missing, naming it', () => {
    const missing: RouteDef = { ...staffRoute, id: 'Missing', path: '/v1/missing', entry: 'functions/nowhere/missing.ts' };
    expect(() => defineSovang(quickApp(), { routes: [...routes, missing] })).toThrow(
      /functions\/nowhere\/missing\.ts/,
    );
  });

  it('refuses two declarations of the same method and path', () => {
    const twin: RouteDef = { ...routes[0]!, id: 'ListFundsAgain' };
    expect(() => defineSovang(quickApp(), { routes: [...routes, twin] })).toThrow(/twice/);
  });
});
