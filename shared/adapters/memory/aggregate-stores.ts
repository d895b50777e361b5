/** The aggregates' stores over the in-memory state, with the DynamoDB adapters' orders. */
import { payoutRefName } from '../../domain/payouts';
import { isAwaitingModeration } from '../../domain/pledges';
import type { AdminUnitStore } from '../../usecases/ports/admin-units';
import type { DisbursementStore } from '../../usecases/ports/disbursements';
import type { FundStore } from '../../usecases/ports/funds';
import type { IdempotencyStore } from '../../usecases/ports/idempotency';
import type { OrganisationStore } from '../../usecases/ports/organisations';
import type { PledgeStore } from '../../usecases/ports/pledges';
import type { ReceiptStore } from '../../usecases/ports/receipts';
import { sortByKey } from './pages';
import { copy, copyOrNull, idempotencyKey, type MemoryState, type ReferenceGuard } from './state';

const byKey = <T>(items: { key: string; value: T }[]) => sortByKey(items).map((item) => copy(item.value));

function guardedIds(state: MemoryState, refs: readonly string[], entityType: ReferenceGuard['entityType']): string[] {
  const ids = new Set<string>();
  for (const ref of refs) {
    const guard = state.references.get(ref);
    if (guard?.entityType === entityType) ids.add(guard.entityId);
  }
  return [...ids];
}

export function memoryFundStore(state: MemoryState): FundStore {
  return {
    get: async (fundId) => copyOrNull(state.funds.get(fundId)),
    list: async () => byKey([...state.funds.values()].map((fund) => ({ key: fund.fundId, value: fund }))),
    balance: async (fundId) => copy(state.balances.get(fundId) ?? { received: 0, approved: 0, disbursed: 0, available: 0 }),
  };
}

export function memoryPledgeStore(state: MemoryState): PledgeStore {
  const open = new Set(['PLEDGED', 'PARTIALLY_RECEIVED']);
  return {
    getByRef: async (ref) => copyOrNull(state.pledges.get(ref)),
    getWithCreation: async (ref) => {
      const pledge = state.pledges.get(ref);
      return pledge ? { pledge: copy(pledge), creation: copyOrNull(state.pledgeCreations.get(ref)) } : null;
    },
    getByRefs: async (refs) => [...new Set(refs)].flatMap((ref) => (state.pledges.has(ref) ? [copy(state.pledges.get(ref)!)] : [])),
    listByOrganisation: async (orgId) =>
      byKey([...state.pledges.values()].filter((p) => p.createdBy === `org:${orgId}`).map((p) => ({ key: p.id, value: p }))),
    listAwaitingModeration: async (fundId) =>
      byKey([...state.pledges.values()].filter((p) => p.fundId === fundId && isAwaitingModeration(p)).map((p) => ({ key: `${p.createdAt}#${p.id}`, value: p }))),
    listOverdue: async (fundId, today) =>
      byKey(
        [...state.pledges.values()]
          .filter((p) => p.fundId === fundId && p.dueDate && open.has(p.status))
          .map((p) => ({ key: `${p.dueDate}#${p.id}`, value: p }))
          .filter((item) => item.key < today),
      ),
  };
}

export function memoryReceiptStore(state: MemoryState): ReceiptStore {
  return {
    get: async (id) => copyOrNull(state.receipts.get(id)),
    bankRefOwners: async (fundId, bankRefs) => {
      const owners = new Map<string, string>();
      for (const ref of bankRefs) {
        const owner = state.uniques.get(`BANKREF#${fundId}#${ref}`);
        if (owner !== undefined) owners.set(ref, owner);
      }
      return owners;
    },
    bankRefCount: async (fundId) => state.bankRefs.get(fundId) ?? 0,
  };
}

export function memoryDisbursementStore(state: MemoryState): DisbursementStore {
  return {
    get: async (id) => copyOrNull(state.disbursements.get(id)),
    getByRef: async (ref) => {
      const [id] = guardedIds(state, [ref], 'disbursement');
      return id === undefined ? null : copyOrNull(state.disbursements.get(id));
    },
    getByRefs: async (refs) =>
      guardedIds(state, refs, 'disbursement').flatMap((id) => (state.disbursements.has(id) ? [copy(state.disbursements.get(id)!)] : [])),
    listByFund: async (fundId) => byKey([...state.disbursements.values()].filter((d) => d.fundId === fundId).map((d) => ({ key: d.id, value: d }))),
    paidWithBankRef: async (account, bankRef) => state.uniques.get(payoutRefName(account, bankRef)) ?? null,
  };
}

export function memoryOrganisationStore(state: MemoryState): OrganisationStore {
  return {
    get: async (id) => copyOrNull(state.organisations.get(id)),
    list: async () => byKey([...state.organisations.values()].map((o) => ({ key: o.id, value: o }))),
    getApiKeyByHash: async (keyHash) => copyOrNull(state.apiKeys.get(keyHash)),
    getApiKey: async (orgId, keyId) => copyOrNull([...state.apiKeys.values()].find((k) => k.orgId === orgId && k.keyId === keyId)),
    listApiKeys: async (orgId) => byKey([...state.apiKeys.values()].filter((k) => k.orgId === orgId).map((k) => ({ key: `${k.createdAt}#${k.keyId}`, value: k }))),
  };
}

export function memoryAdminUnitStore(state: MemoryState): AdminUnitStore {
  // As the table lists them: province by province, each province's units by code.
  return { list: async () => byKey(state.adminUnits.map((unit) => ({ key: `${unit.provinceCode}\u0000${unit.code}`, value: unit }))) };
}

export function memoryIdempotencyStore(state: MemoryState): IdempotencyStore {
  return { get: async (scope, key) => copyOrNull(state.idempotency.get(idempotencyKey(scope, key))) };
}
