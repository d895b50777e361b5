/** The Lambda context the twin hands a handler: what Powertools and the handlers read from it. */
import type { Context } from 'aws-lambda';

export function lambdaContext(options: {
  functionName: string;
  requestId: string;
  timeoutMs: number;
  memoryMb?: number;
  /** The clock the deadline is read from (the stream poller's tests move it). */
  now?: () => number;
}): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 512),
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
