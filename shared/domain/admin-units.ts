import { fold, matchesQuery } from './text';

export interface AdminUnit {
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  provinceName: string;
}

export interface Province {
  code: string;
  name: string;
  type: string;
}

/** Diacritic-insensitive search: `phuong sai gon` finds `Phường Sài Gòn`. */
export function searchUnits(units: readonly AdminUnit[], query: { province?: string; q?: string }): AdminUnit[] {
  return units.filter(
    (unit) =>
      (!query.province || unit.provinceCode === query.province) &&
      (!query.q || matchesQuery(fold(`${unit.name} ${unit.code} ${unit.provinceName}`), query.q)),
  );
}
