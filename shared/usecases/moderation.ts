/**
 * The moderation queue (DESIGN §7.4): flags of a fund, and strangers' pledge names the
 * moderation list held. Only text waits: the pledge counts at once. Releasing or rejecting a
 * name is journaled (PLEDGE_NAME_RELEASED carries the name as the donor allowed it), never edited.
 */
import { newId } from '../domain/ids';
import { vietnamDay } from '../domain/journal';
import type { ModerationDecision } from '../domain/moderation';
import { publicDonorName, type Pledge } from '../domain/pledges';
import { ConflictError, NotFoundError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps, type PlannedCommand } from './command';
import { staffFlag } from './flags';
import type { Stores } from './ports';
import { requireScope } from './scope';

function heldPledge(pledge: Pledge) {
  return { ref: pledge.ref, fundId: pledge.fundId, name: pledge.donor.name, ...(pledge.message ? { message: pledge.message } : {}), createdAt: pledge.createdAt };
}

/**
 * The fund's flags (newest first) and its held pledge names, oldest first. Held names are read
 * from their own sparse index, so the queue of a fund with millions of journal entries is still
 * one small read.
 */
export async function moderationQueue(deps: Pick<Stores, 'funds' | 'flags' | 'pledges'>, fundId: string) {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const [pledges, flags] = await Promise.all([deps.pledges.listAwaitingModeration(fundId), deps.flags.listByFund(fundId)]);
  return { flags: flags.reverse().map(staffFlag), pledges: pledges.map(heldPledge) };
}

export async function moderatePledgeName(deps: CommandDeps & Pick<Stores, 'funds' | 'pledges'>, ref: string, decision: ModerationDecision, context: CommandContext) {
  return executeCommand<ReturnType<typeof heldPledge> & { decision: ModerationDecision }>(deps, 'ModeratePledgeName', { ref, decision }, context, async (now) => {
    const pledge = await deps.pledges.getByRef(ref);
    if (!pledge) throw new NotFoundError(`Không tìm thấy mã ${ref} / No pledge with reference ${ref}`);
    const fund = await deps.funds.get(pledge.fundId);
    if (fund) requireScope(context.scope, fund);
    if (pledge.nameModeration !== 'HELD') throw new ConflictError(`Tên của ${ref} không chờ kiểm duyệt / The name of ${ref} is not awaiting moderation`, pledge.nameModeration ?? 'NONE');
    const at = now.toISOString();
    const released = decision === 'release';
    // A rejected name is never published again: the pledge shows as "Nhà hảo tâm", as if its donor had asked.
    const moderated: Pledge = { ...pledge, nameModeration: released ? 'RELEASED' : 'REJECTED', ...(released ? {} : { publishName: false }), version: pledge.version + 1 };
    const planned: PlannedCommand<ReturnType<typeof heldPledge> & { decision: ModerationDecision }> = {
      ops: [
        { op: 'update', aggregate: { type: 'pledge', value: moderated }, expectedVersion: pledge.version },
        {
          op: 'journal',
          entry: {
            entryId: newId(now.getTime()),
            fundId: pledge.fundId,
            type: decision === 'release' ? 'PLEDGE_NAME_RELEASED' : 'PLEDGE_NAME_REJECTED',
            at,
            day: vietnamDay(at),
            actor: context.actor,
            entityRef: pledge.ref,
            entityType: 'pledge',
            deltas: {},
            publicDetails: decision === 'release' ? { donor: publicDonorName(moderated) } : {},
          },
        },
      ],
      response: { status: 200, body: { ...heldPledge(pledge), decision } },
    };
    return planned;
  });
}
