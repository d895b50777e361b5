/**
 * Configuration, read from the environment once and validated at start: a function that is
 * missing its table name fails on cold start, not on the first request.
 */
import * as z from 'zod';

/** A whole secret ARN, as CloudFormation's Ref of a secret gives it (name, dash, six characters). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  REPORTS_BUCKET: z.string().min(1).default('sovang-reports'),
  EVIDENCE_BUCKET: z.string().min(1).default('sovang-evidence'),
  STATEMENTS_BUCKET: z.string().min(1).default('sovang-statements'),
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
  FUND_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * The secret CloudFront sends as the origin header (shared/http/origin-verify.ts); set on API
   * route functions only. Unset in the twin and the tests, where nothing stands in front of the API.
   */
  ORIGIN_VERIFY_SECRET_ARN: z.string().regex(SECRET_ARN, 'expected a Secrets Manager secret ARN').optional(),
});

export type Config = z.infer<typeof Env>;

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
