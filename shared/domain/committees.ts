/**
 * Committees and the grants that scope staff roles to them (DESIGN §12.2).
 *
 * A committee is an organisational unit with a parent: the central committee, a province's, a
 * ward's or commune's. Every official unit of the 2025 list has one, named by its codes
 * (`vn-79`, `vn-79-26740`); other committees (a campaign board, a residential group's team) are
 * created under a parent. A committee's path (its ancestors, the root first, itself last) never
 * changes, so whoever keeps it (a fund) can decide a grant without reading anything.
 */
export const ROOT_COMMITTEE = 'vn';

/** The staff roles, as tokens and routes name them. */
export const ROLES = ['finance-clerk', 'finance-approver', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Committee {
  committeeId: string;
  name: { vi: string; en: string };
  /** Absent for the central committee only. */
  parentId?: string;
  /** Root first, this committee last. */
  path: string[];
  /** The official code of its unit: 2 digits for a province, 5 for a ward or commune. */
  unitCode?: string;
  level: 'central' | 'province' | 'ward' | 'other';
  createdAt?: string;
  createdBy?: string;
}

export const COMMITTEE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const OFFICIAL_PROVINCE = /^vn-(\d{2})$/;
const OFFICIAL_WARD = /^vn-(\d{2})-(\d{5})$/;

export function provinceCommitteeId(provinceCode: string): string {
  return `${ROOT_COMMITTEE}-${provinceCode}`;
}

export function wardCommitteeId(provinceCode: string, wardCode: string): string {
  return `${ROOT_COMMITTEE}-${provinceCode}-${wardCode}`;
}

/** The official unit a committee id names, if it names one. */
export function officialUnitOf(committeeId: string): { level: 'central' } | { level: 'province'; provinceCode: string } | { level: 'ward'; provinceCode: string; wardCode: string } | null {
  if (committeeId === ROOT_COMMITTEE) return { level: 'central' };
  const province = OFFICIAL_PROVINCE.exec(committeeId);
  if (province) return { level: 'province', provinceCode: province[1]! };
  const ward = OFFICIAL_WARD.exec(committeeId);
  if (ward) return { level: 'ward', provinceCode: ward[1]!, wardCode: ward[2]! };
  return null;
}

export const CENTRAL_COMMITTEE: Committee = {
  committeeId: ROOT_COMMITTEE,
  name: { vi: 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', en: 'Central Committee of the Vietnam Fatherland Front' },
  path: [ROOT_COMMITTEE],
  level: 'central',
};

/** The committee of an official province, named after it. */
export function provinceCommittee(province: { code: string; name: string }): Committee {
  const id = provinceCommitteeId(province.code);
  return {
    committeeId: id,
    name: { vi: `Ủy ban MTTQ Việt Nam ${province.name}`, en: `Vietnam Fatherland Front Committee of ${province.name}` },
    parentId: ROOT_COMMITTEE,
    path: [ROOT_COMMITTEE, id],
    unitCode: province.code,
    level: 'province',
  };
}

/** The committee of an official ward or commune, named after it. */
export function wardCommittee(unit: { code: string; name: string; provinceCode: string }): Committee {
  const parentId = provinceCommitteeId(unit.provinceCode);
  const id = wardCommitteeId(unit.provinceCode, unit.code);
  return {
    committeeId: id,
    name: { vi: `Ủy ban MTTQ Việt Nam ${unit.name}`, en: `Vietnam Fatherland Front Committee of ${unit.name}` },
    parentId,
    path: [ROOT_COMMITTEE, parentId, id],
    unitCode: unit.code,
    level: 'ward',
  };
}

/** A role held on a committee and, when `children`, on every committee below it. */
export interface Grant {
  committeeId: string;
  role: Role;
  children: boolean;
}

const GRANT = /^scope:([a-z0-9][a-z0-9-]{1,62}):([a-z-]+)(:children)?$/;

/**
 * A group (or one word of the `custom:scopes` attribute) as a grant: `scope:<committee>:<role>`,
 * with `:children` for the committee's descendants too. A bare role is the central committee's,
 * with its children. Anything else grants nothing.
 */
export function parseGrant(group: string): Grant | null {
  if ((ROLES as readonly string[]).includes(group)) return { committeeId: ROOT_COMMITTEE, role: group as Role, children: true };
  const match = GRANT.exec(group);
  if (!match || !(ROLES as readonly string[]).includes(match[2]!)) return null;
  return { committeeId: match[1]!, role: match[2] as Role, children: Boolean(match[3]) };
}

export function grantGroup(grant: Grant): string {
  return `scope:${grant.committeeId}:${grant.role}${grant.children ? ':children' : ''}`;
}

/** Whether one grant covers a committee, given the committee's path (root first, itself last). */
export function grantCovers(grant: Grant, committeePath: readonly string[]): boolean {
  const own = committeePath[committeePath.length - 1];
  if (grant.committeeId === own) return true;
  return grant.children && committeePath.includes(grant.committeeId);
}

/** Whether any of these grants, of one of these roles, covers the committee. */
export function mayAct(grants: readonly Grant[], roles: readonly Role[], committeePath: readonly string[]): boolean {
  return grants.some((grant) => roles.includes(grant.role) && grantCovers(grant, committeePath));
}

/** The path of a committee created under a parent. */
export function childPath(parent: Pick<Committee, 'path'>, committeeId: string): string[] {
  return [...parent.path, committeeId];
}
