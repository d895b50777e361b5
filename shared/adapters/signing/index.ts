/**
 * Which signer this process uses, decided once from the environment:
 * `REPORT_SIGNING_KMS_KEY_ID` (AWS) or else a local key file (`REPORT_SIGNING_KEY_FILE`,
 * default `.data/keys/report-signing.pem` under the working directory).
 */
import { join } from 'node:path';
import * as z from 'zod';
import { tracer } from '../../observability';
import type { Signer } from '../../reports/manifest';
import { kmsSigner, type KmsPort } from './kms';
import { localSigner } from './local';

const SigningEnv = z.object({
  REPORT_SIGNING_KMS_KEY_ID: z.string().min(1).optional(),
  REPORT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export const DEFAULT_KEY_FILE = join('.data', 'keys', 'report-signing.pem');

let cached: Signer | undefined;

/**
 * The real KMS client, loaded on first use: only the nightly job signs, and every other function
 * that reaches this module through the reports use cases stays free of the KMS client's weight.
 */
async function kmsPortFromSdk(): Promise<KmsPort> {
  const { GetPublicKeyCommand, KMSClient, SignCommand } = await import('@aws-sdk/client-kms');
  type Spec = ConstructorParameters<typeof SignCommand>[0]['SigningAlgorithm'];
  const client = tracer.captureAWSv3Client(new KMSClient({}));
  return {
    getPublicKey: (input) => client.send(new GetPublicKeyCommand(input)),
    sign: (input) => client.send(new SignCommand({ ...input, SigningAlgorithm: input.SigningAlgorithm as Spec })),
  };
}

export function reportSigner(env: NodeJS.ProcessEnv = process.env): Signer {
  if (cached) return cached;
  const parsed = SigningEnv.parse(env);
  if (parsed.REPORT_SIGNING_KMS_KEY_ID) {
    const keyId = parsed.REPORT_SIGNING_KMS_KEY_ID;
    let signer: Promise<Signer> | undefined;
    const real = () => (signer ??= kmsPortFromSdk().then((port) => kmsSigner(port, keyId)));
    cached = {
      algorithm: async () => (await real()).algorithm(),
      publicKey: async () => (await real()).publicKey(),
      sign: async (message) => (await real()).sign(message),
    };
  } else {
    // A key in a Lambda's /tmp would be a new key on every cold start: refuse instead of signing with it.
    if (parsed.AWS_LAMBDA_FUNCTION_NAME) throw new Error('REPORT_SIGNING_KMS_KEY_ID must be set in AWS');
    cached = localSigner(parsed.REPORT_SIGNING_KEY_FILE ?? join(process.cwd(), DEFAULT_KEY_FILE));
  }
  return cached;
}
