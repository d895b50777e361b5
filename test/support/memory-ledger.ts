/** A ledger on the in-memory stores for use-case tests: funds seeded, a few communes, contexts with fresh idempotency keys. */
import { memoryStatementFiles, memoryStores, MemoryState } from '../../shared/adapters/memory';
import type { AdminUnit } from '../../shared/domain/admin-units';
import type { Fund } from '../../shared/domain/funds';
import type { CommandContext } from '../../shared/usecases/command';
import type { StatementFiles, Stores } from '../../shared/usecases/ports';

export const OPEN_FUND: Fund = {
  fundId: 'lu-lut-2024',
  name: { vi: 'Cứu trợ bão lũ', en: 'Flood relief' },
  description: { vi: 'Quỹ thử', en: 'A test fund' },
  currency: 'VND',
  bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'UY BAN MTTQ THU NGHIEM' },
  opensOn: '2024-09-01',
  status: 'OPEN',
};

export const HCMC_FUND: Fund = { ...OPEN_FUND, fundId: 'an-sinh-hcm-2025', provinceCode: '79', bankAccount: { ...OPEN_FUND.bankAccount, accountNumber: '31410000168168' } };
export const CLOSED_FUND: Fund = { ...OPEN_FUND, fundId: 'da-dong', status: 'CLOSED' };

export const COMMUNES: AdminUnit[] = [
  { code: '26734', name: 'Phường Sài Gòn', type: 'phường', provinceCode: '79', provinceName: 'Thành phố Hồ Chí Minh' },
  { code: '00004', name: 'Phường Ba Đình', type: 'phường', provinceCode: '01', provinceName: 'Thành phố Hà Nội' },
];

export interface MemoryLedger {
  state: MemoryState;
  stores: Stores;
  statementFiles: StatementFiles & { objects: Map<string, unknown> };
}

export function memoryLedger(): MemoryLedger {
  const state = new MemoryState();
  state.seedFunds([OPEN_FUND, HCMC_FUND, CLOSED_FUND]);
  state.seedAdminUnits(COMMUNES);
  return { state, stores: memoryStores(state), statementFiles: memoryStatementFiles() };
}

let keys = 0;
export function ctx(actor: string, idempotencyKey = `key-${++keys}`, now?: Date): CommandContext {
  return { actor, idempotencyKey, idempotencyScope: actor, ...(now ? { now: () => now } : {}) };
}

/** What the ledger holds of one kind, for "nothing (or exactly this) was written". */
export function counts(state: MemoryState) {
  return {
    pledges: state.pledges.size,
    receipts: state.receipts.size,
    disbursements: state.disbursements.size,
    journal: [...state.journal.values()].reduce((n, entries) => n + entries.size, 0),
    // Idempotency records wherever they are kept: a pledge carries its own (DESIGN §8).
    idempotency: state.idempotency.size + state.pledgeCreations.size,
    references: state.references.size,
    statementLines: [...state.statementBatches.values()].reduce((n, batches) => n + [...batches.values()].reduce((m, b) => m + b.lines.length, 0), 0),
  };
}
