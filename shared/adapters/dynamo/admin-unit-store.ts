/** The administrative units in DynamoDB, read once per store (per Lambda container): they change by decree, not by request. */
import type { AdminUnit } from '../../domain/admin-units';
import type { AdminUnitStore } from '../../usecases/ports/admin-units';
import { provinceCodeOf } from './items/admin-unit';
import { fromItem, keys, queryAll } from './table';

async function readAll(): Promise<AdminUnit[]> {
  const provinces = await queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': keys.provincesPartition(), ':s': keys.provinceSortPrefix() },
    ProjectionExpression: 'sk',
  });
  const perProvince = await Promise.all(
    provinces.map((province) =>
      queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.adminUnitsPartition(provinceCodeOf(String(province.sk))) } }),
    ),
  );
  return perProvince.flat().map((item) => fromItem<AdminUnit>(item)!);
}

export function dynamoAdminUnitStore(): AdminUnitStore {
  let cached: Promise<AdminUnit[]> | undefined;
  return {
    list() {
      cached ??= readAll().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },
  };
}
