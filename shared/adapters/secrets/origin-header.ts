/**
 * The values CloudFront may send in the origin header, read from the secret it takes them from:
 * its current version, and its previous one, which the edge keeps sending after a rotation until
 * the edge stack is deployed again (docs/DEPLOY.md).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ServiceUnavailableError, SoVangError } from '../../errors';
import type { OriginHeaderValues } from '../../usecases/ports';
import { secretsManager } from './client';

const UNAVAILABLE = 'Chưa kiểm tra được nguồn của yêu cầu, vui lòng thử lại / Could not verify where the request came from; retry shortly';

function unavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(UNAVAILABLE, 5, { cause });
}

export function originHeaderValuesFromSecret(
  secretId: string,
  client: () => Promise<SecretsManagerClient> = secretsManager,
): OriginHeaderValues {
  async function read(versionStage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
    try {
      const [{ GetSecretValueCommand }, secrets] = await Promise.all([import('@aws-sdk/client-secrets-manager'), client()]);
      const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: versionStage }));
      if (!SecretString) throw new SoVangError(`the origin header secret has no ${versionStage} text value`);
      return SecretString;
    } catch (error) {
      // A secret that was never rotated has no previous version; that is no failure.
      if (versionStage === 'AWSPREVIOUS' && (error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw unavailable(error);
    }
  }

  return async () => {
    const [current, previous] = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
    return [current, previous].filter((value): value is string => value !== undefined);
  };
}
