/**
 * The transfer index consumer puts a gift's ten items only when the gift changed since this
 * instance last put it: a line batch rewritten for one line's sake re-puts that line, not 250.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { transferIndexHandler } from '../../functions/funds/transfer-index';
import type { TransferEntry } from '../../shared/domain/transfers';

function receiptRecord(id: string, status: 'RECORDED' | 'REVERSED' = 'RECORDED'): DynamoDBRecord {
  const receipt = { kind: 'RECEIPT', id, fundId: 'cuba-2025', amount: 100_000, receivedAt: '2025-09-02T09:00:00+07:00', recordedAt: '2025-09-02T09:05:00+07:00', payerName: 'NGUYEN VAN AN', memo: 'ung ho', status };
  return { eventName: 'MODIFY', dynamodb: { NewImage: marshall(receipt) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] } };
}
const event = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('the transfer index consumer', () => {
  it('puts a gift again only when it changed since this instance put it', async () => {
    const puts: TransferEntry[][] = [];
    const handle = transferIndexHandler({ put: async (entries) => void puts.push([...entries]) });
    await handle(event(receiptRecord('R1'), receiptRecord('R2')));
    await handle(event(receiptRecord('R1'), receiptRecord('R2')));
    await handle(event(receiptRecord('R1', 'REVERSED'), receiptRecord('R2')));
    expect(puts.map((entries) => entries.map((e) => `${e.giftId}${e.reversed ? ' reversed' : ''}`))).toEqual([['R1', 'R2'], [], ['R1 reversed']]);
  });

  it('puts a gift again after a put that failed, since it may not be in the index', async () => {
    let fail = true;
    const puts: string[][] = [];
    const handle = transferIndexHandler({
      put: async (entries) => {
        if (fail) throw new Error('ProvisionedThroughputExceededException');
        puts.push(entries.map((e) => e.giftId));
      },
    });
    await expect(handle(event(receiptRecord('R1')))).rejects.toThrow();
    fail = false;
    await handle(event(receiptRecord('R1')));
    expect(puts).toEqual([['R1']]);
  });
});
