/** Statements in DynamoDB: by id, a fund's newest first (gsi1), and the processing lease and progress on the statement item. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Statement } from '../../domain/statements/statement';
import { ConflictError } from '../../errors';
import type { StatementProgress, StatementStore } from '../../usecases/ports/statements';
import { assertCounter } from './items/statement';
import { dynamo, errorName, fromItem, getItem, keys, queryPage, tableName, translateDynamoError } from './table';

const PROGRESS_FIELDS = new Set(['status', 'etag', 'facts', 'account', 'linesValidated', 'linesProcessed', 'errors', 'validatedAt', 'completedAt', 'failedAt', 'leaseUntil']);

/** The update a progress change makes, held to the lease (and to the checkpoint, when it names one). */
function progressUpdate(owner: string, progress: StatementProgress) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':owner': owner };
  const set: string[] = [];
  const add: string[] = [];
  for (const [name, value] of Object.entries(progress.set ?? {})) {
    if (!PROGRESS_FIELDS.has(name)) throw new Error(`not a statement progress field: ${name}`);
    if (value === undefined) continue;
    names[`#s${set.length}`] = name;
    values[`:s${set.length}`] = value;
    set.push(`#s${set.length} = :s${set.length}`);
  }
  for (const [name, value] of Object.entries(progress.add ?? {})) {
    assertCounter(name);
    if (!value) continue;
    names[`#a${add.length}`] = name;
    values[`:a${add.length}`] = value;
    add.push(`#a${add.length} :a${add.length}`);
  }
  let condition = 'leaseOwner = :owner';
  if (progress.expectLinesProcessed !== undefined) {
    condition += ' AND linesProcessed = :expected';
    values[':expected'] = progress.expectLinesProcessed;
  }
  const clauses = [set.length ? `SET ${set.join(', ')}` : '', add.length ? `ADD ${add.join(', ')}` : '', progress.release ? 'REMOVE leaseOwner, leaseUntil' : '']
    .filter(Boolean)
    .join(' ');
  return {
    UpdateExpression: clauses || 'SET leaseOwner = :owner',
    ConditionExpression: condition,
    ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
    ExpressionAttributeValues: values,
  };
}

export function dynamoStatementStore(): StatementStore {
  return {
    get: async (id) => fromItem<Statement>(await getItem(keys.statement(id), true)),

    list(fundId, { cursor, limit }) {
      const partition = keys.fundStatementsIndex(fundId);
      return queryPage<Statement>(
        { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition }, ScanIndexForward: false, Limit: limit },
        cursor,
        { index: 'gsi1', partition },
      );
    },

    async lease(id, owner, now, until) {
      try {
        const result = await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.statement(id),
            UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :u',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o)',
            ExpressionAttributeValues: { ':o': owner, ':u': until, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return fromItem<Statement>(result.Attributes);
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return null;
        throw translateDynamoError(error);
      }
    },

    async saveProgress(id, owner, progress) {
      const update = progressUpdate(owner, progress);
      try {
        const result = await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: keys.statement(id), ...update, ReturnValues: 'ALL_NEW' }));
        return fromItem<Statement>(result.Attributes)!;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') {
          throw new ConflictError(`Statement ${id} is being processed by someone else, or its checkpoint moved`, undefined, { cause: error });
        }
        throw translateDynamoError(error);
      }
    },
  };
}
