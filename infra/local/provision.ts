/** Creates the tables and buckets of the twin from the same declarations the CDK app reads. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ledgerTable } from '../../shared/resources';

export function createTableInput(tableName: string, { stream = true }: { stream?: boolean } = {}): CreateTableCommandInput {
  const keyNames = new Set<string>([ledgerTable.partitionKey, ledgerTable.sortKey]);
  for (const index of ledgerTable.globalSecondaryIndexes) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: ledgerTable.partitionKey, KeyType: 'HASH' },
      { AttributeName: ledgerTable.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: ledgerTable.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: ledgerTable.streamView } } : {}),
  };
}

/**
 * Idempotent: an existing table is left as it is. `stream: false` leaves the stream off, for
 * tables nothing reads a stream from: DynamoDB Local keeps every stream record of every table in
 * one store that each write slows down as it grows, so a test run of stream-enabled tables gets
 * slower file by file (seeding the 3,321 communes: 10 s into the first table, 90 s into the sixth).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: { stream?: boolean } = {}): Promise<{ created: boolean; streamArn?: string }> {
  let created = false;
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, options)));
    created = true;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ledgerTable.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  let described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  // A table kept from an older twin lacks indexes declared since: add them (one per update, as DynamoDB requires).
  const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (have.has(index.IndexName)) continue;
    const names = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions?.filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
    described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  }
  return { created, streamArn: described.Table?.LatestStreamArn };
}
