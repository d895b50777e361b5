/**
 * CloudFront in front of everything a browser asks for, on one origin:
 *
 *   /v1/<staff and organisation routes>  the HTTP API, never cached
 *   /reports/…/names.jsonl               the names bucket (origin access control), cached five minutes (withdrawals rewrite it)
 *   /reports/*                           the reports bucket (origin access control), cached as the job marks each file
 *   /v1/*                                the HTTP API, cached exactly as long as the route's Cache-Control says
 *   everything else                      the portal (web/dist) in its bucket (origin access control)
 *
 * with one response headers policy (HSTS, CSP, nosniff, frame and referrer policy), the WAF web
 * ACL of the firewall stack, and standard logs in the access-logs bucket. Every request to the
 * API carries the origin header (x-origin-verify) from the stateful stack's secret, without
 * which the route functions refuse it: nobody reaches them around the WAF. Because the portal and
 * the API share the origin, the portal's calls are same-origin; CORS on the API serves only a
 * separately configured portal origin.
 *
 * Nothing here holds data: the stack can be destroyed and deployed again (the distribution's
 * domain name changes then, a custom domain does not).
 */
import { Aws, CfnOutput, Duration, Fn, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify';
import { routes as declaredRoutes, type RouteDef } from '../../shared/routes';
import { NAMES_FILE } from '../../shared/reports/names';
import { OPEN_DATA_PATH } from '../../shared/routes/open-data';
import { portalBucketName, REPORTS_EDGE_PREFIX, type StatefulStack } from './stateful-stack';
import type { StageConfig } from './stage';

export interface EdgeStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly data: StatefulStack;
  readonly api: apigwv2.IHttpApi;
  /** The CLOUDFRONT-scope web ACL of the firewall stack (us-east-1). */
  readonly webAclArn: string;
  readonly routes?: readonly RouteDef[];
}

/** Who may call a route without credentials: its responses may be cached for everyone. */
function isOpenRoute(route: RouteDef): boolean {
  return route.access.kind === 'public' || route.access.kind === 'publicOrApiKey';
}

/** `/v1/funds/{fundId}/journal` → a path CloudFront could be asked for, `/v1/funds/x/journal`. */
function samplePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, 'x');
}

/** CloudFront path patterns: `*` matches any run of characters (slashes too), `?` one character. */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const regexp = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regexp}$`).test(path);
}

/**
 * Path patterns that cover every route a caller reaches with credentials (staff tokens,
 * organisation keys), and no route anyone may call without them, but for writes at the very
 * path of a public read, which go through the read's behaviour (it never caches a write). A route's whole first segment
 * (`/v1/receipts*`) when no open route shares it, else the route's own path with its parameters
 * as `*` (`/v1/pledges/*\/cancel`): a dozen behaviours instead of one per route.
 */
export function uncachedPathPatterns(routes: readonly RouteDef[]): string[] {
  const openPaths = routes.filter(isOpenRoute).map((route) => samplePath(route.path));
  const patterns = new Set<string>();
  for (const route of routes.filter((r) => !isOpenRoute(r))) {
    // A write at the very path of a public read (`PUT /v1/funds/{fundId}/plan` beside its public
    // GET) shares the read's behaviour: CloudFront caches GET and HEAD only, keyed by credentials.
    if (route.method !== 'GET' && openPaths.includes(samplePath(route.path))) continue;
    const [, version, resource] = route.path.split('/');
    const wholeResource = `/${version}/${resource}*`;
    const ownPath = route.path.replace(/\{[^}]+\}/g, '*');
    patterns.add(openPaths.some((path) => pathPatternMatches(wholeResource, path)) ? ownPath : wholeResource);
  }
  for (const pattern of patterns) {
    const open = openPaths.find((path) => pathPatternMatches(pattern, path));
    if (open) throw new Error(`the uncached behaviour ${pattern} would also take the open route ${open}`);
  }
  return [...patterns].sort();
}

/**
 * The portal's Content-Security-Policy. Scripts and styles come from the portal's own files
 * (esbuild output, no inline script); the two inline `style` attributes the UI sets (a progress
 * bar's width, an off-screen copy buffer) are allowed as attributes only; the QR code is a
 * `data:` image; the console exchanges its sign-in code at the Cognito hosted UI.
 */
export function contentSecurityPolicy(signInOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${signInOrigin}`,
    `form-action 'self' ${signInOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * A private bucket read through origin access control. The buckets live in the stateful stack,
 * which grants the read in its own bucket policies (see `allowEdgeReads` there): the distribution
 * cannot add to a policy of a stack deployed before it without the two depending on each other.
 */
class PrivateBucketOrigin extends cloudfront.OriginBase {
  constructor(
    bucketRegionalDomainName: string,
    private readonly accessControl: cloudfront.IOriginAccessControl,
  ) {
    super(bucketRegionalDomainName);
  }

  override bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    const config = super.bind(scope, options);
    return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: this.accessControl.originAccessControlId } };
  }

  protected override renderS3OriginConfig(): cloudfront.CfnDistribution.S3OriginConfigProperty {
    // An empty identity: access is by origin access control, not the legacy origin access identity.
    return { originAccessIdentity: '' };
  }
}

/** Any path without a file extension is a page of the single-page portal: serve its shell. */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  readonly publicApiCache: cloudfront.CachePolicy;
  readonly openDataHeaders: cloudfront.ResponseHeadersPolicy;
  readonly uncachedPatterns: string[];

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { stage, data } = props;
    const routes = props.routes ?? declaredRoutes;

    const regionalDomain = (bucketName: string) => `${bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const accessControl = new cloudfront.S3OriginAccessControl(this, 'BucketAccess', {
      description: `So Vang ${stage.name}: CloudFront reads the portal, reports and names buckets`,
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    const portalOrigin = new PrivateBucketOrigin(regionalDomain(portalBucketName(stage)), accessControl);
    const reportsOrigin = new PrivateBucketOrigin(regionalDomain(data.buckets.reports.bucketName), accessControl);
    const namesOrigin = new PrivateBucketOrigin(regionalDomain(data.buckets.names.bucketName), accessControl);
    // A dynamic reference, resolved by CloudFormation at deployment: the value is never in the
    // template. It names a version after a rotation, as CloudFormation reads a secret again only
    // when the reference itself changes (stage.ts, docs/DEPLOY.md).
    const originVerifyValue = stage.originVerifyVersionId
      ? SecretValue.secretsManager(data.originVerifySecret.secretArn, { versionId: stage.originVerifyVersionId })
      : data.originVerifySecret.secretValue;
    const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // CloudFront replaces a header of this name that a viewer sends, so nobody can pass one in.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originVerifyValue.unsafeUnwrap() },
    });

    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(data.staff.domain.baseUrl()), override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    };
    const customHeadersBehavior: cloudfront.ResponseCustomHeadersBehavior = {
      customHeaders: [
        // The portal uses no camera, microphone or location; nothing embedded may ask for them either.
        { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
      ],
    };
    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'So Vang: HSTS, CSP, nosniff, frame and referrer policy',
      securityHeadersBehavior,
      customHeadersBehavior,
    });

    // Public reads say how long they may be cached (routes.ts `cache`: 5 s for live totals, a
    // day for the communes list); everything else answers `no-store`. A default of 0 means a
    // response without Cache-Control is never cached. Credentials are part of the key, so
    // whatever a caller sees with a token or key is never served to anyone else.
    this.publicApiCache = new cloudfront.CachePolicy(this, 'PublicApiCache', {
      comment: "So Vang API: the route's own Cache-Control, never shared across credentials",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization', 'x-api-key'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // Open data is for any web page to read: the same headers, and CORS open to every origin for
    // GET, overriding the API's own CORS (which admits the portal only). No credentials ride along.
    this.openDataHeaders = new cloudfront.ResponseHeadersPolicy(this, 'OpenDataHeaders', {
      comment: 'So Vang open data: the security headers, and CORS for any origin (GET)',
      securityHeadersBehavior,
      customHeadersBehavior,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
    });

    const apiBehaviour = (cachePolicy: cloudfront.ICachePolicy, responseHeadersPolicy: cloudfront.IResponseHeadersPolicy = this.responseHeaders): cloudfront.BehaviorOptions => ({
      origin: apiOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Preflight answers depend on the Origin header, which is not part of the key.
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      // Everything the viewer sent except Host, which API Gateway checks against its own name.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    });

    this.uncachedPatterns = uncachedPathPatterns(routes);
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    // Behaviours are matched in order: the uncached staff paths before the general /v1/*.
    for (const pattern of this.uncachedPatterns) additionalBehaviors[pattern] = apiBehaviour(cloudfront.CachePolicy.CACHING_DISABLED);
    // Names files are kept apart from the locked reports (DESIGN §7), at the same paths: matched first.
    additionalBehaviors[`/${REPORTS_EDGE_PREFIX}*/${NAMES_FILE}`] = {
      origin: namesOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      // Five minutes, as the job and every withdrawal mark them.
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.responseHeaders,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    };
    additionalBehaviors[`/${REPORTS_EDGE_PREFIX}*`] = {
      origin: reportsOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      // Dated files are immutable for a year and `latest/` for five minutes, as the job marks them.
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.responseHeaders,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    };
    additionalBehaviors[`${OPEN_DATA_PATH}*`] = apiBehaviour(this.publicApiCache, this.openDataHeaders);
    additionalBehaviors['/v1/*'] = apiBehaviour(this.publicApiCache);

    const custom = stage.portalDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `So Vang ${stage.name}: portal, reports and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: portalOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PortalPages', {
              comment: 'So Vang: portal pages are served by index.html',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
            }),
          },
        ],
      },
      additionalBehaviors,
      domainNames: custom ? [custom.domainName] : undefined,
      certificate: custom ? acm.Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn) : undefined,
      minimumProtocolVersion: custom ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Vietnam's own edge locations), Middle East and Africa.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: data.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction by design: overseas Vietnamese donate to these funds from every country, and citizens abroad read the reports. ' +
        'Abuse is limited by the WAF rate rules instead.',
    });
    if (!custom) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without -c portalDomain and -c certificateArn the distribution uses its *.cloudfront.net certificate, for which CloudFront fixes the ' +
          'viewer security policy itself; with a custom domain the policy is TLSv1.2_2021. Production deployments use a custom domain (docs/DEPLOY.md).',
      });
    }

    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'PortalBucketName', { value: portalBucketName(stage) });
  }
}
