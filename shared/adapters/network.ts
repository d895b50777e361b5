/** Whether an AWS SDK call failed on the way (a dropped or refused connection, a timeout), whatever the service. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return (code !== undefined && NETWORK.has(code)) || (error as { name?: string })?.name === 'TimeoutError';
}
