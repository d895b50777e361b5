import type { AdminUnit } from '../../domain/admin-units';

/** The provinces' wards and communes: seeded from the official list, changed by decree, not by requests. */
export interface AdminUnitStore {
  list(): Promise<AdminUnit[]>;
}
