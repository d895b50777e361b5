/**
 * The on-failure destination of the twin's event source: the batches given up on, appended to
 * a JSONL file in the shape Lambda sends to an SQS or SNS destination, and announced loudly,
 * since the totals miss those records until they are replayed.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';

export type DiscardCondition = 'RecordAgeExceeded' | 'RetryAttemptsExhausted';

export interface OnFailureOptions {
  file: string;
  functionName: string;
  streamArn: string;
  now: () => number;
  log: (line: string) => void;
  alert: (line: string) => void;
}

export class OnFailureDestination {
  constructor(private readonly options: OnFailureOptions) {}

  send(shardId: string, batch: DynamoDBRecord[], condition: DiscardCondition, reason: string, attempts: number): void {
    const { file, functionName, streamArn, now } = this.options;
    const first = batch[0]!.dynamodb!;
    const last = batch[batch.length - 1]!.dynamodb!;
    const document = {
      requestContext: { requestId: randomUUID(), functionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`, condition, approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.SequenceNumber,
        endSequenceNumber: last.SequenceNumber,
        approximateArrivalOfFirstRecord: new Date((first.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date((last.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
        batchSize: batch.length,
        streamArn,
      },
      // Lambda sends only the metadata above; locally the records themselves help the replay.
      reason,
      records: batch,
    };
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(document)}\n`);
    const line =
      `!!! ${functionName}: gave up on ${batch.length} stream record(s) ${first.SequenceNumber}…${last.SequenceNumber} (${condition}: ${reason}). ` +
      `The totals are missing them until they are replayed. Details: ${file}`;
    this.options.log(line);
    this.options.alert(line);
  }
}
