import { newId } from '../domain/ids';
import { hashApiKey, newApiKey, type ApiKeyRecord, type Organisation } from '../domain/organisations';
import { isOverdue, type Pledge } from '../domain/pledges';
import { vietnamDay } from '../domain/journal';
import { NotFoundError } from '../errors';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';

export async function createOrganisation(
  deps: CommandDeps,
  input: { name: string; taxCode?: string; contactEmail?: string },
  context: CommandContext,
) {
  return executeCommand<Organisation>(deps, 'CreateOrganisation', input, context, async (now) => {
    const organisation: Organisation = { id: newId(now.getTime()), ...input, createdAt: now.toISOString(), createdBy: context.actor };
    return { ops: [{ op: 'create', aggregate: { type: 'organisation', value: organisation } }], response: { status: 201, body: organisation } };
  });
}

/**
 * The secret is in the response once and nowhere else: only its hash is stored, and the
 * idempotency record keeps the response without the secret, so a replay cannot leak it.
 */
export async function createApiKey(deps: CommandDeps & Pick<Stores, 'organisations'>, orgId: string, label: string, context: CommandContext) {
  if (!(await deps.organisations.get(orgId))) throw new NotFoundError(`No organisation ${orgId}`);
  const { keyId, secret } = newApiKey();
  const now = context.now?.() ?? new Date();
  const record: ApiKeyRecord = { keyId, orgId, keyHash: hashApiKey(secret), label, createdAt: now.toISOString(), createdBy: context.actor, revoked: false };
  const stored = await executeCommand(deps, 'CreateApiKey', { orgId, label }, context, async () => ({
    ops: [{ op: 'create', aggregate: { type: 'apiKey', value: record } }],
    response: { status: 201, body: { keyId, orgId, label, createdAt: record.createdAt } },
  }));
  const fresh = stored.body.keyId === keyId;
  return { status: stored.status, body: { ...stored.body, ...(fresh ? { apiKey: secret } : {}) } };
}

export async function organisationPledges(deps: Pick<Stores, 'pledges'>, orgId: string, now = new Date()) {
  const pledges = await deps.pledges.listByOrganisation(orgId);
  const today = vietnamDay(now.toISOString());
  return {
    items: pledges.map((p: Pledge) => ({
      ref: p.ref,
      fundId: p.fundId,
      amount: p.amount,
      received: p.received,
      status: p.status,
      overdue: isOverdue(p, today),
      donorName: p.donor.name,
      createdAt: p.createdAt,
      dueDate: p.dueDate,
    })),
  };
}
