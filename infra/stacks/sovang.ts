/**
 * The whole deployment for one stage: the stateful stack, the stateless stack that uses it,
 * and the checks every synth must pass. `infra/app.ts` and the infra tests both build it here,
 * so what the tests assert is what `cdk synth` produces.
 */
import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RouteDef } from '../../shared/routes';
import { EdgeStack } from './edge-stack';
import { FirewallStack } from './firewall-stack';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';
import { stageFromContext, type StageConfig } from './stage';

export interface SovangOptions {
  /** Defaults to the stage named by `-c stage=…` (dev when absent). */
  readonly stage?: StageConfig;
  /** Defaults to the declared route table. */
  readonly routes?: readonly RouteDef[];
}

export interface Sovang {
  readonly stage: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly firewall: FirewallStack;
  readonly edge: EdgeStack;
}

/**
 * Where the app runs when `cdk` is given no region: the region the handlers default to
 * (shared/config.ts). The stacks need one region stated, because the edge stack reads the web
 * ACL's ARN from us-east-1, and CDK resolves such cross-region references only between stacks
 * whose regions it knows.
 */
export const DEFAULT_REGION = 'ap-southeast-1';
/** CloudFront reads web ACLs (and certificates) only from here. */
export const EDGE_CONTROL_REGION = 'us-east-1';

/**
 * Feature flags the stacks depend on, set here rather than in cdk.json so that the tests,
 * which never read cdk.json, build exactly what `cdk synth` builds.
 */
const FEATURE_FLAGS: Record<string, unknown> = {
  // Server access logs delivered under a bucket policy, so every bucket can keep ACLs disabled.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Exports between the two stacks stay strong: CloudFormation refuses to remove a table or
  // key the stateless stack still uses, instead of leaving it pointing at nothing.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  // CloudFormation schema and lint findings fail the synth instead of scrolling past as warnings.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

export function defineSovang(app: App, options: SovangOptions = {}): Sovang {
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) app.node.setContext(flag, value);
  const stage = options.stage ?? stageFromContext(app.node);
  // The account is unset offline and in tests, which synth allows.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION };
  const terminationProtection = stage.name === 'prod';

  const stateful = new StatefulStack(app, `Sovang-${stage.name}-Stateful`, {
    stage,
    env,
    terminationProtection,
    description: `Sổ Vàng ${stage.name}: ledger table, buckets, keys and staff identities`,
  });
  const stateless = new StatelessStack(app, `Sovang-${stage.name}-Stateless`, {
    stage,
    env,
    terminationProtection,
    data: stateful,
    routes: options.routes,
    description: `Sổ Vàng ${stage.name}: HTTP API, functions, stream consumers, schedules and alarms`,
  });

  // Bucket names are shared by expression, not by export, so the order is stated outright.
  stateless.addStackDependency(stateful);

  const firewall = new FirewallStack(app, `Sovang-${stage.name}-Firewall`, {
    stage,
    env: { account: env.account, region: EDGE_CONTROL_REGION },
    terminationProtection,
    crossRegionReferences: true,
    description: `Sổ Vàng ${stage.name}: the WAF web ACL in front of CloudFront (us-east-1, as CloudFront requires)`,
  });
  const edge = new EdgeStack(app, `Sovang-${stage.name}-Edge`, {
    stage,
    env,
    terminationProtection,
    crossRegionReferences: true,
    data: stateful,
    api: stateless.api,
    webAclArn: firewall.webAcl.attrArn,
    routes: options.routes,
    description: `Sổ Vàng ${stage.name}: CloudFront for the portal, the published reports and the API`,
  });
  edge.addStackDependency(stateful);

  Tags.of(app).add('project', 'sovang');
  Tags.of(app).add('stage', stage.name);

  // Any finding that is not acknowledged with a reason fails the synth, errors and warnings alike.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { stage, stateful, stateless, firewall, edge };
}
