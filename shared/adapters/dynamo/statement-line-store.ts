/** Statement lines in DynamoDB: under their identity, a statement's by status and line (gsi1), the fund's to review (gsi2). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StatementLineRecord } from '../../domain/statements/statement';
import type { StatementLineStore } from '../../usecases/ports/statement-lines';
import { batchGet, call, dynamo, fromItem, getItem, keys, queryPage, tableName, type Item } from './table';

export function dynamoStatementLineStore(): StatementLineStore {
  return {
    get: async (fundId, lineId) => fromItem<StatementLineRecord>(await getItem(keys.statementLine(fundId, lineId), true)),

    async getMany(fundId, lineIds) {
      const items = await batchGet(lineIds.map((lineId) => keys.statementLine(fundId, lineId)));
      const lines = items.map((item) => fromItem<StatementLineRecord>(item)!);
      return new Map(lines.map((line) => [line.lineId, line]));
    },

    listByStatement(statementId, { status, cursor, limit }) {
      const partition = keys.statementLinesIndex(statementId);
      return queryPage<StatementLineRecord>(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: status ? 'gsi1pk = :p AND begins_with(gsi1sk, :s)' : 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': partition, ...(status ? { ':s': `${status}#` } : {}) },
          Limit: limit,
        },
        cursor,
        { index: 'gsi1', partition },
      );
    },

    async listToReview(fundId, limit) {
      const lines: StatementLineRecord[] = [];
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await call(() =>
          dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :p',
              ExpressionAttributeValues: { ':p': keys.linesToReviewIndex(fundId) },
              Limit: limit - lines.length,
              ExclusiveStartKey,
            }),
          ),
        );
        lines.push(...(page.Items ?? []).map((item) => fromItem<StatementLineRecord>(item)!));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey && lines.length < limit);
      return lines;
    },
  };
}
