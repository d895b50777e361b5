/** A statement's lines in DynamoDB: batches under the statement, by first line number (DESIGN §9.3). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LineBatch } from '../../domain/statements/statement';
import type { StatementLineStore } from '../../usecases/ports/statement-lines';
import { batchFrom } from './items/statement';
import { call, dynamo, keys, tableName, type Item } from './table';

export function dynamoStatementLineStore(): StatementLineStore {
  return {
    async batchOf(statementId, lineNo) {
      const page = await call(() =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :p AND sk <= :s',
            ExpressionAttributeValues: { ':p': keys.statementBatchPartition(statementId), ':s': keys.statementBatchSort(lineNo) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        ),
      );
      const item = page.Items?.[0];
      if (!item) return null;
      const batch = batchFrom(item);
      return lineNo <= batch.lastLineNo ? batch : null;
    },

    async scan(statementId, { fromLineNo, maxBatches, having }) {
      // The batch holding `fromLineNo` starts at or before it: find its start first.
      let from = fromLineNo;
      if (fromLineNo > 1) {
        const holding = await this.batchOf(statementId, fromLineNo);
        if (holding) from = holding.firstLineNo;
      }
      const batches: LineBatch[] = [];
      let ExclusiveStartKey: Item | undefined;
      let last: LineBatch | undefined;
      let more = true;
      // A filtered page can come back empty while more batches follow: read on until some match or the partition ends.
      while (batches.length < maxBatches && more) {
        const page = await call(() =>
          dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: 'pk = :p AND sk >= :s',
              ExpressionAttributeValues: { ':p': keys.statementBatchPartition(statementId), ':s': keys.statementBatchSort(from), ...(having ? { ':h': having } : {}) },
              // HAVING is one of DynamoDB's reserved words.
              ...(having ? { FilterExpression: 'contains(#having, :h)', ExpressionAttributeNames: { '#having': 'having' } } : {}),
              Limit: maxBatches,
              ConsistentRead: true,
              ExclusiveStartKey,
            }),
          ),
        );
        for (const item of page.Items ?? []) {
          last = batchFrom(item);
          batches.push(last);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
        more = ExclusiveStartKey !== undefined;
        if (!more) break;
        if (batches.length === 0) continue;
        break;
      }
      const lastKey = ExclusiveStartKey?.sk;
      const next = more ? (last ? last.lastLineNo + 1 : Number(String(lastKey).slice(2)) + 1) : undefined;
      return { batches, ...(next !== undefined ? { next } : {}) };
    },
  };
}
