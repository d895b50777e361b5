import { searchUnits, type AdminUnit } from '../domain/admin-units';
import type { LedgerStore } from './ports';

export async function searchAdminUnits(
  store: LedgerStore,
  query: { province?: string; q?: string; limit: number },
): Promise<{ items: AdminUnit[]; total: number }> {
  const found = searchUnits(await store.listAdminUnits(), query).sort((a, b) => a.code.localeCompare(b.code));
  return { items: found.slice(0, query.limit), total: found.length };
}
