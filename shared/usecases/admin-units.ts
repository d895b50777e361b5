import { searchUnits, type AdminUnit } from '../domain/admin-units';
import type { Stores } from './ports';

export async function searchAdminUnits(
  deps: Pick<Stores, 'adminUnits'>,
  query: { province?: string; q?: string; limit: number },
): Promise<{ items: AdminUnit[]; total: number }> {
  const found = searchUnits(await deps.adminUnits.list(), query).sort((a, b) => a.code.localeCompare(b.code));
  return { items: found.slice(0, query.limit), total: found.length };
}
