/**
 * Seeds the twin idempotently: funds are created only if missing (their later state is never
 * overwritten), and the 34 provinces and 3,321 communes are written once per data version.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import type { AdminUnit, Province } from '../../shared/domain/admin-units';
import type { Fund } from '../../shared/domain/funds';
import { adminUnitItem, provinceItem } from '../../shared/adapters/dynamo/items/admin-unit';
import { fundItem } from '../../shared/adapters/dynamo/items/fund';
import { demoFunds } from './demo-data';

/** The project's own copy of the official list (shared/data in this repository). */
export const ADMIN_UNITS_CSV = join(fileURLToPath(new URL('../..', import.meta.url)), 'shared', 'data', 'vn-admin-units-2025.csv');

export function readAdminUnits(file = ADMIN_UNITS_CSV): { provinces: Province[]; units: AdminUnit[] } {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const provinces = new Map<string, Province>();
  const units = rows.map((row) => {
    provinces.set(row.province_code!, { code: row.province_code!, name: row.province_name!, type: row.province_type! });
    return {
      code: row.ward_code!,
      name: row.ward_name!,
      type: row.ward_type!,
      provinceCode: row.province_code!,
      provinceName: row.province_name!,
    };
  });
  return { provinces: [...provinces.values()], units };
}

async function batchPut(client: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  // A few batches in flight: DynamoDB Local is latency-bound, not throughput-bound.
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function seedFunds(client: DynamoDBDocumentClient, table: string, funds: Fund[] = demoFunds): Promise<number> {
  let created = 0;
  for (const fund of funds) {
    try {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: fundItem(fund),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      created++;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return created;
}

export async function seedAdminUnits(client: DynamoDBDocumentClient, table: string): Promise<{ provinces: number; units: number; skipped: boolean }> {
  const csv = readFileSync(ADMIN_UNITS_CSV);
  const version = createHash('sha256').update(csv).digest('hex');
  const marker = { pk: 'SEED', sk: 'ADMIN_UNITS' };
  const existing = await client.send(new GetCommand({ TableName: table, Key: marker }));
  const { provinces, units } = readAdminUnits();
  if (existing.Item?.version === version) return { provinces: provinces.length, units: units.length, skipped: true };
  await batchPut(
    client,
    table,
    provinces.map(provinceItem),
  );
  await batchPut(
    client,
    table,
    units.map(adminUnitItem),
  );
  await client.send(new PutCommand({ TableName: table, Item: { ...marker, kind: 'SEED', version } }));
  return { provinces: provinces.length, units: units.length, skipped: false };
}
