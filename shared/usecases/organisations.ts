import { newId } from '../domain/ids';
import { hashApiKey, newApiKey, type ApiKeyRecord, type Organisation } from '../domain/organisations';
import { isOverdue, type Pledge } from '../domain/pledges';
import { vietnamDay } from '../domain/journal';
import { NotFoundError } from '../errors';
import { executeCommand, type CommandContext } from './command';
import type { LedgerStore } from './ports';

export async function createOrganisation(
  store: LedgerStore,
  input: { name: string; taxCode?: string; contactEmail?: string },
  context: CommandContext,
) {
  return executeCommand<Organisation>(store, 'CreateOrganisation', input, context, async (now) => {
    const organisation: Organisation = { id: newId(now.getTime()), ...input, createdAt: now.toISOString(), createdBy: context.actor };
    return { ops: [{ op: 'create', aggregate: { type: 'organisation', value: organisation } }], response: { status: 201, body: organisation } };
  });
}

/**
 * The secret is in the response once and nowhere else: only its hash is stored, and the
 * idempotency record keeps the response without the secret, so a replay cannot leak it.
 */
export async function createApiKey(store: LedgerStore, orgId: string, label: string, context: CommandContext) {
  if (!(await store.getOrganisation(orgId))) throw new NotFoundError(`No organisation ${orgId}`);
  const { keyId, secret } = newApiKey();
  const now = context.now?.() ?? new Date();
  const record: ApiKeyRecord = { keyId, orgId, keyHash: hashApiKey(secret), label, createdAt: now.toISOString(), createdBy: context.actor, revoked: false };
  const stored = await executeCommand(store, 'CreateApiKey', { orgId, label }, context, async () => ({
    ops: [{ op: 'create', aggregate: { type: 'apiKey', value: record } }],
    response: { status: 201, body: { keyId, orgId, label, createdAt: record.createdAt } },
  }));
  const fresh = stored.body.keyId === keyId;
  return { status: stored.status, body: { ...stored.body, ...(fresh ? { apiKey: secret } : {}) } };
}

export async function organisationPledges(store: LedgerStore, orgId: string, now = new Date()) {
  const pledges = await store.listPledgesByOrganisation(orgId);
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
