/** The DynamoDB adapters keep every port's contract on DynamoDB Local, in a table of this file's own, as the in-memory set does. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ensureTable } from '../../infra/local/provision';
import { seedFunds } from '../../infra/local/seed';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { dynamoStores } from '../../shared/adapters/dynamo';
import { adminUnitItem, provinceItem } from '../../shared/adapters/dynamo/items/admin-unit';
import { dynamo, tableName } from '../../shared/adapters/dynamo/table';
import { storesContract } from '../contract';

let client: DynamoDBClient;
beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(client, tableName(), { stream: false });
});
afterAll(() => client?.destroy());

storesContract(async () => ({
  // A set of its own per contract: the admin-unit store caches what it read first. The report's
  // reader starts each partition with pages of one and two entries (100 and 400 in production),
  // so the contract's few entries per partition cross those page boundaries too.
  stores: dynamoStores({ journalFirstPageLimits: [1, 2] }),
  seedFunds: async (funds) => {
    await seedFunds(dynamo(), tableName(), funds);
  },
  seedAdminUnits: async (units) => {
    const provinces = [...new Map(units.map((u) => [u.provinceCode, { code: u.provinceCode, name: u.provinceName, type: 'tỉnh' }])).values()];
    const items = [...provinces.map(provinceItem), ...units.map(adminUnitItem)];
    for (let i = 0; i < items.length; i += 25) {
      await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  },
}));
