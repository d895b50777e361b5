/**
 * Runs before each unit test file: a valid configuration (modules that read it at start need
 * one) whose endpoints refuse every connection, so a unit test that reached for DynamoDB or S3
 * by mistake fails at once instead of quietly needing the emulators. Credentials are set so the
 * SDK never goes looking for real ones.
 */
const NOWHERE = 'http://127.0.0.1:9';

Object.assign(process.env, {
  TABLE_NAME: 'ledger-unit-tests',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'unit-tests',
  AWS_SECRET_ACCESS_KEY: 'unit-tests',
  DYNAMODB_ENDPOINT: NOWHERE,
  S3_ENDPOINT: NOWHERE,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_METRICS_DISABLED: 'true',
});
