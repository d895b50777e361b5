/**
 * One Secrets Manager client per module instance (per Lambda container), loaded and created on
 * first use and traced in Lambda. Loaded on demand: only functions that check the origin header
 * in AWS ever read a secret, and the twin and the tests never load the client at all.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../../config';
import { tracer } from '../../observability';

let client: Promise<SecretsManagerClient> | undefined;

export function secretsManager(): Promise<SecretsManagerClient> {
  client ??= import('@aws-sdk/client-secrets-manager').then(({ SecretsManagerClient }) =>
    tracer.captureAWSv3Client(
      new SecretsManagerClient({
        region: config().AWS_REGION,
        maxAttempts: 3,
        // Every API request waits on this read when a container starts: a Secrets Manager that
        // does not answer becomes a 503 within seconds, not a function timeout.
        requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
      }),
    ),
  );
  return client;
}
