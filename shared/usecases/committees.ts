/**
 * Committees (DESIGN §12.2): the official ones come from the admin units (every province, ward and
 * commune has one), the others are stored under a parent.
 */
import type { AdminUnit } from '../domain/admin-units';
import {
  CENTRAL_COMMITTEE,
  childPath,
  officialUnitOf,
  provinceCommittee,
  ROOT_COMMITTEE,
  wardCommittee,
  type Committee,
} from '../domain/committees';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';
import { requireCommitteeScope } from './scope';

export type CommitteeDeps = Pick<Stores, 'committees' | 'adminUnits'>;

function provinces(units: readonly AdminUnit[]): Map<string, { code: string; name: string }> {
  const out = new Map<string, { code: string; name: string }>();
  for (const unit of units) if (!out.has(unit.provinceCode)) out.set(unit.provinceCode, { code: unit.provinceCode, name: unit.provinceName });
  return out;
}

/** The committee with this id: an official unit's, or a stored one; null when there is none. */
export async function findCommittee(deps: CommitteeDeps, committeeId: string): Promise<Committee | null> {
  const official = officialUnitOf(committeeId);
  if (!official) return deps.committees.get(committeeId);
  if (official.level === 'central') return CENTRAL_COMMITTEE;
  const units = await deps.adminUnits.list();
  if (official.level === 'province') {
    const province = provinces(units).get(official.provinceCode);
    return province ? provinceCommittee(province) : null;
  }
  const unit = units.find((u) => u.code === official.wardCode && u.provinceCode === official.provinceCode);
  return unit ? wardCommittee(unit) : null;
}

export async function getCommittee(deps: CommitteeDeps, committeeId: string): Promise<Committee> {
  const committee = await findCommittee(deps, committeeId);
  if (!committee) throw new NotFoundError(`Không có ủy ban ${committeeId} / No committee ${committeeId}`);
  return committee;
}

/** The committees directly under a parent (the central committee when none is named): official ones first, by code, then the others. */
export async function listCommittees(deps: CommitteeDeps, parentId: string = ROOT_COMMITTEE): Promise<Committee[]> {
  const parent = await getCommittee(deps, parentId);
  const stored = await deps.committees.listChildren(parent.committeeId);
  const official = officialUnitOf(parent.committeeId);
  let children: Committee[] = [];
  if (official?.level === 'central') {
    children = [...provinces(await deps.adminUnits.list()).values()].sort((a, b) => a.code.localeCompare(b.code)).map(provinceCommittee);
  } else if (official?.level === 'province') {
    children = (await deps.adminUnits.list())
      .filter((unit) => unit.provinceCode === official.provinceCode)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(wardCommittee);
  }
  return [...children, ...stored];
}

export interface CreateCommitteeInput {
  committeeId: string;
  name: { vi: string; en: string };
  parentId: string;
}

/**
 * Primary course:
 *  1. The parent exists and the caller is an admin of it (or of an ancestor, with its children).
 *  2. The id is not an official unit's (those exist already) and not taken.
 *  3. The committee is stored with its path, once.
 */
export async function createCommittee(deps: CommandDeps & CommitteeDeps, input: CreateCommitteeInput, context: CommandContext) {
  return executeCommand<Committee>(deps, 'CreateCommittee', input, context, async (now) => {
    const parent = await findCommittee(deps, input.parentId);
    if (!parent) throw new UnprocessableError(`Không có ủy ban ${input.parentId} / No committee ${input.parentId}`, [{ path: 'body.parentId', message: 'no such committee' }]);
    requireCommitteeScope(context.scope, parent.path, 'các ủy ban trực thuộc / the committees under it');
    if (officialUnitOf(input.committeeId)) {
      throw new UnprocessableError(`${input.committeeId} là mã của một đơn vị hành chính / ${input.committeeId} is an official unit's id`, [
        { path: 'body.committeeId', message: 'is the id of an official unit’s committee, which exists already' },
      ]);
    }
    const committee: Committee = {
      committeeId: input.committeeId,
      name: input.name,
      parentId: parent.committeeId,
      path: childPath(parent, input.committeeId),
      level: 'other',
      createdAt: now.toISOString(),
      createdBy: context.actor,
    };
    return {
      ops: [{ op: 'create', aggregate: { type: 'committee', value: committee } }],
      response: { status: 201, body: committee },
      onRejected: (error) => (error.failedOp === 'create:committee' ? new ConflictError(`Đã có ủy ban ${input.committeeId} / Committee ${input.committeeId} exists`) : undefined),
    };
  });
}
