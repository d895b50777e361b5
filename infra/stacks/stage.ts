/**
 * What differs between dev and prod, in one place. Everything else in the stacks is the same
 * for both stages, so what was tested in dev is what runs in prod.
 *
 * A few settings can be overridden per deployment with `-c key=value` (see docs/DEPLOY.md);
 * they are read here and nowhere else.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { OPEN_DATA_CONTEXT, openDataSettingProblem } from '../../shared/config';

const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  readonly name: StageName;
  /** For resources that can be deleted with their data; resources that cannot are retained in both stages. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * On in both stages: losing the ledger is the one failure a donations platform cannot explain.
   * Tearing down dev is a deliberate two-step (`-c tableDeletionProtection=false`, deploy, destroy).
   */
  readonly tableDeletionProtection: boolean;
  /** Object Lock (compliance mode) on every published report version. */
  readonly reportsRetention: Duration;
  /** Object Lock (compliance mode) on payout evidence and bank statements, in prod (DESIGN §10). */
  readonly recordsRetention: Duration;
  readonly logRetention: RetentionDays;
  /** S3 server access logs hold requesters' IP addresses, which are personal data (Decree 13/2023). */
  readonly accessLogExpiry: Duration;
  /**
   * The one origin the browser may call the API from (the public portal and finance console).
   * Dev defaults to the local twin; prod has no default (`-c portalOrigin=…` is required).
   */
  readonly portalOrigin: string;
  /**
   * Where Cognito may send a signed-in staff member back to: the console's `/console/callback`
   * on each origin it is served from. Dev defaults to the portal origin's; prod has no default
   * (`-c consoleCallbackUrls=…` is required), so what Cognito trusts is always stated, never guessed.
   */
  readonly consoleCallbackUrls: readonly string[];
  /** Stage-wide steady-state and burst limits, per second. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * WAF rate-based rules, requests per client IP per 5 minutes. Generous on purpose: Vietnamese
   * mobile carriers put many subscribers behind one address (carrier-grade NAT), and a ward
   * office shares one line. `writes` counts POST requests only (pledges, staff commands).
   */
  readonly edgeRateLimits: { readonly all: number; readonly writes: number };
  /**
   * A custom domain for the distribution and its ACM certificate (which CloudFront requires in
   * us-east-1). Without one, CloudFront's own `*.cloudfront.net` name and certificate are used.
   */
  readonly portalDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** Reserved concurrency is withheld in dev: new accounts often have only 10 concurrent executions to give. */
  readonly reserveConcurrency: boolean;
  /** Cognito hosted UI domain prefix; must be unique in the region. Undefined: derived from stage and account. */
  readonly authDomainPrefix?: string;
  /** Where alarm notifications go, if anywhere yet. */
  readonly alarmEmail?: string;
  /**
   * Ed25519 by default, as the local twin signs; ECDSA P-256 for a region whose KMS does not
   * offer Ed25519 keys (the report verifier accepts both).
   */
  readonly reportSigningKeySpec: ReportSigningKeySpec;
  /**
   * The version of the origin header secret CloudFront sends, after a rotation (docs/DEPLOY.md).
   * CloudFormation reads a secret again only when the reference to it changes, so naming the new
   * version is what makes a deployment of the edge stack pick the new value up. Undefined: the
   * secret's current version, as read when the distribution last changed.
   */
  readonly originVerifyVersionId?: string;
  /**
   * The edge stack's distribution, once it exists (docs/DEPLOY.md): the buckets then let that one
   * distribution read them. Undefined: any distribution of the account, as on the first deployment,
   * when the distribution does not exist yet.
   */
  readonly edgeDistributionId?: string;
  /**
   * The open-data identifiers given at deployment (`-c openDataPublisherRef=XI-IATI-…` and the
   * others of OPEN_DATA_CONTEXT), as the report job's environment (docs/DEPLOY.md). A setting not
   * given keeps the twin's default, which is not registered.
   */
  readonly openDataEnvironment: Readonly<Record<string, string>>;
}

const REPORT_SIGNING_KEY_SPECS = ['ECC_NIST_EDWARDS25519', 'ECC_NIST_P256'] as const;
export type ReportSigningKeySpec = (typeof REPORT_SIGNING_KEY_SPECS)[number];

/** What each stage starts from; prod leaves the origin and callbacks to the deployment's context. */
type StagePreset = Omit<StageConfig, 'portalOrigin' | 'consoleCallbackUrls' | 'openDataEnvironment'> & { readonly portalOrigin?: string };

const PRESETS: Record<StageName, StagePreset> = {
  dev: {
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    tableDeletionProtection: true,
    reportsRetention: Duration.days(1),
    // Not applied: dev's evidence and statements are versioned but not locked, so dev can be torn down.
    recordsRetention: Duration.days(1),
    logRetention: RetentionDays.TWO_WEEKS,
    accessLogExpiry: Duration.days(30),
    portalOrigin: 'http://localhost:3000',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    edgeRateLimits: { all: 2000, writes: 300 },
    reserveConcurrency: false,
    reportSigningKeySpec: 'ECC_NIST_EDWARDS25519',
  },
  prod: {
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    tableDeletionProtection: true,
    // Ten years: the archive period the Law on Accounting (88/2015/QH13) sets for the records
    // behind financial statements. A public fund's published reports are such records.
    reportsRetention: Duration.days(3650),
    // The same ten years for the vouchers behind the books: payout evidence and bank statements.
    recordsRetention: Duration.days(3650),
    logRetention: RetentionDays.SIX_MONTHS,
    accessLogExpiry: Duration.days(180),
    // No portalOrigin: a default would send CORS and Cognito's callbacks to a domain nobody chose.
    // A viral appeal peaked at 9 transfers/s (Yagi, 2024) and 1.58 M contributions in four days
    // (Cuba, 2025); 500/s with bursts of 1,000 leaves an order of magnitude of headroom while
    // capping what a scripted flood can cost.
    apiThrottle: { rateLimit: 500, burstLimit: 1000 },
    edgeRateLimits: { all: 3000, writes: 600 },
    reserveConcurrency: true,
    reportSigningKeySpec: 'ECC_NIST_EDWARDS25519',
  },
};

function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function contextNumber(node: Node, key: string): number | undefined {
  const raw = contextString(node, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`-c ${key}=${raw}: expected a positive number`);
  return value;
}

/** A list given as a JSON array (cdk.json) or comma-separated (`-c key=a,b`). */
function contextList(node: Node, key: string): string[] | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const items = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function contextBoolean(node: Node, key: string): boolean | undefined {
  const raw = contextString(node, key);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw new Error(`-c ${key}=${raw}: expected true or false`);
  return raw === 'true';
}

/** The stage named by `-c stage=…` (dev when absent), with any per-deployment overrides applied. */
export function stageFromContext(node: Node): StageConfig {
  const requested = contextString(node, 'stage') ?? 'dev';
  if (!isStageName(requested)) throw new Error(`-c stage=${requested}: expected one of ${STAGES.join(', ')}`);
  const preset = PRESETS[requested];
  const retentionDays = contextNumber(node, 'reportsRetentionDays');
  const givenOrigin = contextString(node, 'portalOrigin');
  if (givenOrigin !== undefined && !/^https?:\/\/[^/]+$/.test(givenOrigin)) {
    throw new Error(`-c portalOrigin=${givenOrigin}: expected an origin such as https://quy.example.org (no path)`);
  }
  const keySpec = contextString(node, 'reportSigningKeySpec');
  if (keySpec !== undefined && !(REPORT_SIGNING_KEY_SPECS as readonly string[]).includes(keySpec)) {
    throw new Error(`-c reportSigningKeySpec=${keySpec}: expected one of ${REPORT_SIGNING_KEY_SPECS.join(', ')}`);
  }
  const originVerifyVersionId = contextString(node, 'originVerifyVersionId');
  if (originVerifyVersionId !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(originVerifyVersionId)) {
    throw new Error(`-c originVerifyVersionId=${originVerifyVersionId}: expected a Secrets Manager version id (the VersionId put-secret-value prints)`);
  }
  const edgeDistributionId = contextString(node, 'edgeDistributionId');
  if (edgeDistributionId !== undefined && !/^E[A-Z0-9]{7,20}$/.test(edgeDistributionId)) {
    throw new Error(`-c edgeDistributionId=${edgeDistributionId}: expected a CloudFront distribution id (the Edge stack's DistributionId output, e.g. E2QWRUHAPOMQZL)`);
  }
  const openDataEnvironment: Record<string, string> = {};
  for (const [key, variable] of Object.entries(OPEN_DATA_CONTEXT)) {
    const value = contextString(node, key);
    if (value === undefined) continue;
    const problem = openDataSettingProblem(variable, value);
    if (problem) throw new Error(`-c ${key}=${value}: ${problem}`);
    openDataEnvironment[variable] = value;
  }
  const portalDomain = contextString(node, 'portalDomain');
  const certificateArn = contextString(node, 'certificateArn');
  if ((portalDomain === undefined) !== (certificateArn === undefined)) {
    throw new Error('-c portalDomain and -c certificateArn go together: CloudFront serves a custom domain only with its certificate');
  }
  if (certificateArn !== undefined && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(`-c certificateArn=${certificateArn}: expected an ACM certificate ARN in us-east-1, where CloudFront reads certificates`);
  }
  // Dev follows the custom domain unless told otherwise; prod takes only what it is given.
  const portalOrigin = givenOrigin ?? (requested === 'prod' ? undefined : portalDomain ? `https://${portalDomain}` : preset.portalOrigin);
  if (portalOrigin === undefined) {
    throw new Error(
      '-c portalOrigin is required for stage prod: the https origin the portal and console are served from (e.g. -c portalOrigin=https://quy.example.org), ' +
        'the only origin the API allows and where staff sign in. Production has no default domain.',
    );
  }
  const consoleCallbackUrls = contextList(node, 'consoleCallbackUrls') ?? (requested === 'prod' ? undefined : [`${portalOrigin}/console/callback`]);
  if (consoleCallbackUrls === undefined) {
    throw new Error(
      `-c consoleCallbackUrls is required for stage prod: the console's sign-in callback URL(s) Cognito may redirect to, comma-separated (e.g. -c consoleCallbackUrls=${portalOrigin}/console/callback). ` +
        'Production has no default.',
    );
  }
  assertSecureOrigins(requested, portalOrigin, consoleCallbackUrls);
  return {
    ...preset,
    consoleCallbackUrls,
    portalDomain: portalDomain && certificateArn ? { domainName: portalDomain, certificateArn } : preset.portalDomain,
    reportSigningKeySpec: (keySpec as ReportSigningKeySpec | undefined) ?? preset.reportSigningKeySpec,
    tableDeletionProtection: contextBoolean(node, 'tableDeletionProtection') ?? preset.tableDeletionProtection,
    reportsRetention: retentionDays === undefined ? preset.reportsRetention : Duration.days(retentionDays),
    portalOrigin,
    authDomainPrefix: contextString(node, 'authDomainPrefix') ?? preset.authDomainPrefix,
    alarmEmail: contextString(node, 'alarmEmail') ?? preset.alarmEmail,
    originVerifyVersionId,
    edgeDistributionId,
    openDataEnvironment,
  };
}

/** The console's own callback path (web/src/console/auth.ts sends `<origin>/console/callback`). */
const CONSOLE_CALLBACK_PATH = '/console/callback';

/**
 * Production origins are https; every callback is an absolute URL ending in the console's callback
 * path; and the portal origin's own callback is among them, or the console it serves could not sign in.
 */
function assertSecureOrigins(stage: StageName, portalOrigin: string, callbackUrls: readonly string[]): void {
  if (stage === 'prod' && !portalOrigin.startsWith('https://')) {
    throw new Error(`-c portalOrigin=${portalOrigin}: production is served over https only`);
  }
  for (const url of callbackUrls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`-c consoleCallbackUrls: ${url} is not an absolute URL`);
    }
    if (parsed.pathname !== CONSOLE_CALLBACK_PATH || parsed.search || parsed.hash || `${parsed.origin}${CONSOLE_CALLBACK_PATH}` !== url) {
      throw new Error(`-c consoleCallbackUrls: ${url} is not <origin>${CONSOLE_CALLBACK_PATH}, where the console finishes signing in`);
    }
    if (stage === 'prod' && parsed.protocol !== 'https:') {
      throw new Error(`-c consoleCallbackUrls: ${url}: production is served over https only`);
    }
  }
  if (!callbackUrls.includes(`${portalOrigin}${CONSOLE_CALLBACK_PATH}`)) {
    throw new Error(`-c consoleCallbackUrls must include ${portalOrigin}${CONSOLE_CALLBACK_PATH}: the console served from the portal origin signs in there`);
  }
}
