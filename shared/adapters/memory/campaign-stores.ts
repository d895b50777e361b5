/** Committees, plans, goods and organisations' batches over the in-memory state, with the DynamoDB adapters' orders. */
import type { FlagStore } from '../../usecases/ports/flags';
import type { PlanWard } from '../../domain/plans';
import type { BatchStore } from '../../usecases/ports/batches';
import type { CommitteeStore } from '../../usecases/ports/committees';
import type { GoodsStore } from '../../usecases/ports/goods';
import type { PlanStore } from '../../usecases/ports/plans';
import { page, sortByKey } from './pages';
import { batchRowsKey, copy, copyOrNull, planWardKey, type MemoryState } from './state';

export function memoryCommitteeStore(state: MemoryState): CommitteeStore {
  return {
    get: async (committeeId) => copyOrNull(state.committees.get(committeeId)),
    listChildren: async (parentId) =>
      sortByKey([...state.committees.values()].filter((c) => c.parentId === parentId).map((c) => ({ key: c.committeeId, value: c }))).map((item) => copy(item.value)),
  };
}

export function memoryPlanStore(state: MemoryState): PlanStore {
  const plain = ({ fundId: _fundId, ...ward }: PlanWard & { fundId: string }): PlanWard => copy(ward);
  return {
    header: async (fundId) => copyOrNull(state.planHeaders.get(fundId)),
    wards: async (fundId) =>
      sortByKey([...state.planWards.values()].filter((w) => w.fundId === fundId).map((w) => ({ key: w.wardCode, value: w }))).map((item) => plain(item.value)),
    ward: async (fundId, wardCode) => {
      const ward = state.planWards.get(planWardKey(fundId, wardCode));
      return ward ? plain(ward) : null;
    },
  };
}

export function memoryGoodsStore(state: MemoryState): GoodsStore {
  return {
    getLot: async (id) => copyOrNull(state.goodsLots.get(id)),
    listLots: async (fundId) => sortByKey([...state.goodsLots.values()].filter((l) => l.fundId === fundId).map((l) => ({ key: l.id, value: l }))).map((i) => copy(i.value)),
    listHandovers: async (fundId) =>
      sortByKey([...state.goodsHandovers.values()].filter((h) => h.fundId === fundId).map((h) => ({ key: h.id, value: h }))).map((i) => copy(i.value)),
  };
}

export function memoryFlagStore(state: MemoryState): FlagStore {
  return {
    get: async (id) => copyOrNull(state.flags.get(id)),
    listByFund: async (fundId) => sortByKey([...state.flags.values()].filter((f) => f.fundId === fundId).map((f) => ({ key: f.id, value: f }))).map((i) => copy(i.value)),
  };
}

export function memoryBatchStore(state: MemoryState): BatchStore {
  return {
    get: async (id) => copyOrNull(state.batches.get(id)),
    listByOrganisation: async (orgId, options) => {
      const result = page(
        `batches:${orgId}`,
        [...state.batches.values()].filter((b) => b.orgId === orgId).map((b) => ({ key: `${b.uploadedAt}#${b.id}`, value: b })),
        { ...options, descending: true },
      );
      return result;
    },
    chunk: async (batchId, index) => copyOrNull(state.batchRows.get(batchRowsKey(batchId, index))),
  };
}
