/**
 * Configuration, read from the environment once and validated at start: a function that is
 * missing its table name fails on cold start, not on the first request.
 */
import * as z from 'zod';

/** `{org-id.guide list code}-{identifier}`, the shape IATI and 360Giving give organisation identifiers. */
export const ORG_REF = /^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._-]+$/;

/** A whole secret ARN, as CloudFormation's Ref of a secret gives it (name, dash, six characters). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  REPORTS_BUCKET: z.string().min(1).default('sovang-reports'),
  EVIDENCE_BUCKET: z.string().min(1).default('sovang-evidence'),
  STATEMENTS_BUCKET: z.string().min(1).default('sovang-statements'),
  /** The reports' names files (DESIGN §7): apart from the Object-Locked reports, so a withdrawal erases a name. */
  NAMES_BUCKET: z.string().min(1).default('sovang-names'),
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  /** Set only by the local twin and tests: DynamoDB Local and the S3 emulator. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  /** Staff tokens: the Cognito user pool in AWS, the twin's token issuer locally. */
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWKS_URL: z.url().optional(),
  TOTALS_SHARDS: z.coerce.number().int().min(1).max(100).default(8),
  /**
   * How long the pledge path may keep a fund in the instance (DESIGN §12.1): closing receiving puts
   * the window's end at least this far ahead, so no copy of the fund takes a pledge after it.
   */
  /**
   * The largest pledge anyone may make without an organisation key, in đồng (DESIGN §8): above it a
   * stranger's pledge could put any name and any sum into the public record.
   */
  ANONYMOUS_PLEDGE_CAP_VND: z.coerce.number().int().positive().default(500_000_000),
  /**
   * How long a statement import's lease lasts unless renewed (DESIGN §9.3): a run that dies holds it
   * this long, and the redelivered event waits this long to take over.
   */
  STATEMENT_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(120),
  FUND_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * The secret CloudFront sends as the origin header (shared/http/origin-verify.ts); set on API
   * route functions only. Unset in the twin and the tests, where nothing stands in front of the API.
   */
  ORIGIN_VERIFY_SECRET_ARN: z.string().regex(SECRET_ARN, 'expected a Secrets Manager secret ARN').optional(),
  /**
   * Who publishes the open-data files (docs/OPEN-DATA.md): identifiers registered outside Sổ Vàng.
   * The defaults are the twin's, not registered identifiers; a deployment sets its own before the
   * first night it publishes.
   */
  OPEN_DATA_PUBLISHER_REF: z.string().regex(ORG_REF, 'expected an organisation identifier such as XI-IATI-MTTQHCM').default('XI-IATI-SOVANG'),
  /** A committee's own registered identifier, as JSON: `{"vn-79": "XI-IATI-MTTQHCM"}`. */
  OPEN_DATA_COMMITTEE_REFS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      const parsed = z.record(z.string(), z.string().regex(ORG_REF)).safeParse(safeJson(text));
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: 'expected a JSON object of committee id to organisation identifier' });
      return parsed.data ?? {};
    }),
  OPEN_DATA_360G_PREFIX: z.string().regex(/^360G-[A-Za-z0-9_-]+$/, 'expected a 360Giving prefix such as 360G-sovang').default('360G-sovang'),
  OPEN_DATA_LICENSE: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type Config = z.infer<typeof Env>;

/** The open-data identifiers a deployment sets (docs/DEPLOY.md), keyed by their CDK context key. */
export const OPEN_DATA_CONTEXT = {
  openDataPublisherRef: 'OPEN_DATA_PUBLISHER_REF',
  openDataCommitteeRefs: 'OPEN_DATA_COMMITTEE_REFS',
  openData360gPrefix: 'OPEN_DATA_360G_PREFIX',
  openDataLicense: 'OPEN_DATA_LICENSE',
} as const;

/**
 * Checks open-data settings as the report function will read them, so a deployment with a malformed
 * identifier fails at synth instead of at the first night. Returns the first problem, or undefined.
 */
export function openDataSettingProblem(name: (typeof OPEN_DATA_CONTEXT)[keyof typeof OPEN_DATA_CONTEXT], value: string): string | undefined {
  const parsed = Env.shape[name].safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** The validated configuration of this process, read once. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
