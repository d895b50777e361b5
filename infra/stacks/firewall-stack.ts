/**
 * The web application firewall in front of CloudFront. A web ACL for CloudFront must be created
 * in us-east-1 whatever region the app runs in, so it is a small stack of its own there; the
 * edge stack reads its ARN through CDK's cross-region references (an SSM parameter written in
 * the edge stack's region at deploy time).
 *
 * Rules, in order: AWS's IP reputation list, a per-IP rate limit on everything and a tighter one
 * on writes, then AWS's common rule set and known bad inputs, then each route's limit on callers
 * without a key or token (`anonymousRateLimit`) and per path (`pathRateLimit`), which the twin
 * enforces alike.
 */
import { ArnFormat, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { routes } from '../../shared/routes';
import type { RateLimit, RouteDef } from '../../shared/routes/route';
import type { StageConfig } from './stage';

export interface FirewallStackProps extends StackProps {
  readonly stage: StageConfig;
}

/** AWS managed rule groups, by name; every one is asserted on by the infra tests. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/**
 * Rules of the common rule set that would block what the API accepts by design: bank statements
 * go up as the request body (up to 4 MB, where SizeRestrictions_BODY stops at 8 KB). They count
 * instead of blocking; the API's own size limits (routes.ts `maxBodyBytes`) still apply.
 */
const COMMON_RULES_COUNTED = ['SizeRestrictions_BODY'] as const;

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

const matches = (fieldToMatch: wafv2.CfnWebACL.FieldToMatchProperty, searchString: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch, positionalConstraint: 'EXACTLY', searchString, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
/**
 * The route's path: a literal path exactly, one with parameters (`/v1/funds/{fundId}/flags`) as
 * a regular expression with one segment per parameter, so every fund's flags count together per
 * address, as the twin counts them (per route and address).
 */
function pathMatches(path: string): wafv2.CfnWebACL.StatementProperty {
  if (!path.includes('{')) return matches({ uriPath: {} }, path);
  const pattern = path
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: `^${pattern}$`, textTransformations: [{ priority: 0, type: 'NONE' }] } };
}
const carriesHeader = (name: string): wafv2.CfnWebACL.StatementProperty => ({
  sizeConstraintStatement: { fieldToMatch: { singleHeader: { Name: name } }, comparisonOperator: 'GT', size: 0, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * The requests a route's limits count: its method and path, and, where the route reads a key or
 * a token, only requests carrying neither. A `public` route reads none, so a made-up header
 * counts like any request.
 */
function countedBy(route: RouteDef): wafv2.CfnWebACL.StatementProperty {
  const credentials = route.access.kind === 'public' ? [] : [carriesHeader('authorization'), carriesHeader('x-api-key')];
  return {
    andStatement: {
      statements: [matches({ method: {} }, route.method), pathMatches(route.path), ...credentials.map((statement) => ({ notStatement: { statement } }))],
    },
  };
}

function rateRule(name: string, priority: number, limit: RateLimit, route: RouteDef, key: Pick<wafv2.CfnWebACL.RateBasedStatementProperty, 'aggregateKeyType' | 'customKeys'>): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429, responseHeaders: [{ name: 'retry-after', value: String(limit.windowSeconds) }] } } },
    statement: { rateBasedStatement: { limit: limit.requests, ...key, evaluationWindowSec: limit.windowSeconds, scopeDownStatement: countedBy(route) } },
    visibilityConfig: visibility(name),
  };
}

/** A route's `anonymousRateLimit` (shared/routes), per client address; the refusal is a 429, as the twin answers. */
export function anonymousRateRule(route: RouteDef, priority: number): wafv2.CfnWebACL.RuleProperty {
  if (!route.anonymousRateLimit) throw new Error(`${route.id} declares no anonymous rate limit`);
  return rateRule(`RateLimitAnonymous${route.id}`, priority, route.anonymousRateLimit, route, { aggregateKeyType: 'IP' });
}

/** A route's `pathRateLimit`, per path (one pledge's code) whatever the address: WAF's custom key on the URI path. */
export function pathRateRule(route: RouteDef, priority: number): wafv2.CfnWebACL.RuleProperty {
  if (!route.pathRateLimit) throw new Error(`${route.id} declares no per-path rate limit`);
  return rateRule(`RateLimitPath${route.id}`, priority, route.pathRateLimit, route, {
    aggregateKeyType: 'CUSTOM_KEYS',
    customKeys: [{ uriPath: { textTransformations: [{ priority: 0, type: 'NONE' }] } }],
  });
}

function managedGroup(name: (typeof MANAGED_RULE_GROUPS)[number], priority: number, counted: readonly string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides: counted.length ? counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
      },
    },
    visibilityConfig: visibility(name),
  };
}

export class FirewallStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallStackProps) {
    super(scope, id, props);
    const { stage } = props;
    if (this.region !== 'us-east-1') {
      throw new Error(`${id}: a CloudFront web ACL must be created in us-east-1, not ${this.region}`);
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `sovang-${stage.name}-edge`,
      // WAF takes ASCII descriptions only.
      description: `So Vang ${stage.name}: rate limits and AWS managed rules in front of CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`sovang-${stage.name}-edge`),
      rules: [
        managedGroup('AWSManagedRulesAmazonIpReputationList', 0),
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: stage.edgeRateLimits.all, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        {
          name: 'RateLimitWritesPerIp',
          priority: 2,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: stage.edgeRateLimits.writes,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('RateLimitWritesPerIp'),
        },
        managedGroup('AWSManagedRulesCommonRuleSet', 3, COMMON_RULES_COUNTED),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 4),
        ...routes.filter((route) => route.anonymousRateLimit).map((route, i) => anonymousRateRule(route, 10 + i)),
        ...routes.filter((route) => route.pathRateLimit).map((route, i) => pathRateRule(route, 100 + i)),
      ],
    });

    // WAF only logs to a log group whose name starts with aws-waf-logs-. Client addresses are
    // personal data: kept as briefly as the API's access logs.
    const wafLogs = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName: `aws-waf-logs-sovang-${stage.name}`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the trailing `:*` that its Arn attribute carries, as WAF wants it.
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // Staff tokens and organisation keys never reach a log.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'x-api-key' } }],
      // Only what a rule acted on: CloudFront's own logs already record every request, and
      // logging all of them here would cost more than the firewall itself.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: ['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT'].map((action) => ({ ActionCondition: { Action: action } })),
          },
        ],
      },
    });
  }
}
