/** Provinces (`ADMIN` / `PROVINCE#<code>`) and their wards and communes (`ADMIN#<province>` / `WARD#<code>`). */
import type { AdminUnit, Province } from '../../../domain/admin-units';
import { keys, type Item } from '../table';

export function provinceItem(province: Province): Item {
  return { ...keys.province(province.code), kind: 'PROVINCE', ...province };
}

export function adminUnitItem(unit: AdminUnit): Item {
  return { ...keys.adminUnit(unit.provinceCode, unit.code), kind: 'ADMIN_UNIT', ...unit };
}

/** The province code a province item's sort key names. */
export function provinceCodeOf(sortKey: string): string {
  return sortKey.slice(keys.provinceSortPrefix().length);
}
