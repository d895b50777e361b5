/**
 * Composing ledger commands into one transaction.
 *
 * A statement line's decision must be atomic with its money: the receipt (or the disbursement
 * marked paid), the line itself and the decision's journal entry are written together or not
 * at all. The existing use cases (`recordReceipt`, `actOnDisbursement`, `reverseReceipt`) already
 * plan exactly the writes that keep the ledger's invariants; `planCommand` runs one of them
 * with a transaction port whose `commit` only records the ops, so the caller can add its own
 * writes and commit everything in one transaction through `executeCommand`.
 *
 * The importer goes one step further for throughput: several lines' commands share one
 * transaction (`TransactionPack`), with the writes to the fund's balance and to the statement's
 * counters merged (a transaction may touch an item once). `LedgerCache` serves the reads those
 * commands make from what the batch already read, and follows the writes as they are planned.
 */
import type { Disbursement } from '../../domain/disbursements';
import type { Fund } from '../../domain/funds';
import type { Pledge } from '../../domain/pledges';
import type { CommandDeps } from '../command';
import type { StoredResponse } from '../idempotency';
import { MAX_TRANSACTION_ITEMS, recordOf, type Stores, type WriteOp } from '../ports';

export interface PlannedWrites<T> {
  ops: WriteOp[];
  status: number;
  body: T;
  /** The command had already run (its idempotency record exists): nothing to write. */
  replayed: boolean;
}

/**
 * Runs a command's planning without writing. By default the command's own idempotency record is
 * dropped and never looked up, because the composing command owns idempotency; with
 * `ownIdempotency` both are kept (a whole line command planned for a shared transaction).
 */
export async function planCommand<D extends CommandDeps, T>(
  deps: D,
  run: (planning: D) => Promise<StoredResponse<T>>,
  options: { ownIdempotency?: boolean } = {},
): Promise<PlannedWrites<T>> {
  let captured: WriteOp[] | undefined;
  const planning: D = {
    ...deps,
    idempotency: options.ownIdempotency ? deps.idempotency : { get: async () => null },
    transaction: {
      commit: async (ops) => {
        captured = ops;
      },
    },
  };
  const response = await run(planning);
  if (!captured) return { ops: [], status: response.status, body: response.body, replayed: true };
  const ops = options.ownIdempotency ? captured : captured.filter((op) => op.op !== 'idempotency');
  return { ops, status: response.status, body: response.body, replayed: false };
}

const MERGEABLE = new Set<WriteOp['op']>(['fundOpen', 'fundBalance', 'statementCounters']);

/**
 * Merges the ops that several commands may each have on one record: the fund-open check, the
 * fund's balance and the statement's counters. Balance changes add up; a balance requirement
 * (`available >= n` before the change) holds for the merged change when the fund's available
 * balance covers every requirement after the changes planned before it, in order.
 */
export function mergeWrites(ops: readonly WriteOp[]): WriteOp[] {
  const out: WriteOp[] = [];
  const balances = new Map<string, { op: Extract<WriteOp, { op: 'fundBalance' }>; availableSoFar: number; need: number }>();
  const counters = new Map<string, Extract<WriteOp, { op: 'statementCounters' }>>();
  const checked = new Set<string>();
  for (const op of ops) {
    if (op.op === 'fundOpen') {
      if (checked.has(op.fundId)) continue;
      checked.add(op.fundId);
      out.push(op);
    } else if (op.op === 'fundBalance') {
      const delta = (op.change.received ?? 0) - (op.change.approved ?? 0) - (op.change.disbursed ?? 0);
      const seen = balances.get(op.fundId);
      if (!seen) {
        const merged = { ...op, change: { ...op.change } };
        balances.set(op.fundId, { op: merged, availableSoFar: delta, need: op.requireAvailable ?? Number.NEGATIVE_INFINITY });
        out.push(merged);
        continue;
      }
      if (op.requireAvailable !== undefined) seen.need = Math.max(seen.need, op.requireAvailable - seen.availableSoFar);
      seen.availableSoFar += delta;
      for (const name of ['received', 'approved', 'disbursed'] as const) {
        if (op.change[name] !== undefined) seen.op.change[name] = (seen.op.change[name] ?? 0) + op.change[name]!;
      }
    } else if (op.op === 'statementCounters') {
      const seen = counters.get(op.statementId);
      if (!seen) {
        const merged = { ...op, change: { ...op.change } };
        counters.set(op.statementId, merged);
        out.push(merged);
        continue;
      }
      for (const [name, value] of Object.entries(op.change) as [keyof typeof op.change, number][]) seen.change[name] = (seen.change[name] ?? 0) + value;
    } else {
      out.push(op);
    }
  }
  for (const { op, need } of balances.values()) {
    if (need > 0) op.requireAvailable = need;
    else delete op.requireAvailable;
  }
  return out;
}

/** Collects whole commands for one transaction, as long as their records do not collide. */
export class TransactionPack<T> {
  readonly members: T[] = [];
  private ops: WriteOp[] = [];
  private records = new Set<string>();
  private shared = new Set<string>();

  constructor(private readonly limit = MAX_TRANSACTION_ITEMS) {}

  get size(): number {
    return this.records.size + this.shared.size;
  }

  /** Whether a command with these ops can join without touching a record twice or growing too large. */
  fits(ops: readonly WriteOp[]): boolean {
    let extra = 0;
    for (const op of ops) {
      const record = recordOf(op);
      if (MERGEABLE.has(op.op)) {
        if (!this.shared.has(record)) extra++;
      } else if (this.records.has(record)) {
        return false;
      } else {
        extra++;
      }
    }
    return this.size + extra <= this.limit;
  }

  add(member: T, ops: readonly WriteOp[]): void {
    for (const op of ops) (MERGEABLE.has(op.op) ? this.shared : this.records).add(recordOf(op));
    this.members.push(member);
    this.ops.push(...ops);
  }

  writes(): WriteOp[] {
    return mergeWrites(this.ops);
  }
}

/** The stores an import run reads through its cache, and the transaction it writes with. */
export type CachedDeps = CommandDeps & Pick<Stores, 'funds' | 'pledges' | 'disbursements'>;

/**
 * The stores for one import run: the fund read once, the batch's pledges and disbursements read
 * in one go and then followed through the writes planned on them, and "no idempotency record yet"
 * answered without a read for lines the batch found new (once: a retry asks the table).
 */
export class LedgerCache<D extends CachedDeps> {
  readonly deps: D;
  private funds = new Map<string, Fund | null>();
  private pledges = new Map<string, Pledge>();
  private disbursements = new Map<string, Disbursement>();
  private absent = new Set<string>();

  constructor(inner: D) {
    this.deps = {
      ...inner,
      funds: {
        get: async (fundId) => {
          if (!this.funds.has(fundId)) this.funds.set(fundId, await inner.funds.get(fundId));
          return this.funds.get(fundId) ?? null;
        },
        list: () => inner.funds.list(),
        balance: (fundId) => inner.funds.balance(fundId),
      },
      pledges: {
        getByRef: async (ref) => this.pledges.get(ref) ?? inner.pledges.getByRef(ref),
        getWithCreation: (ref) => inner.pledges.getWithCreation(ref),
        getByRefs: (refs) => inner.pledges.getByRefs(refs),
        listByOrganisation: (orgId) => inner.pledges.listByOrganisation(orgId),
        listOverdue: (fundId, today) => inner.pledges.listOverdue(fundId, today),
      },
      disbursements: {
        get: (id) => inner.disbursements.get(id),
        getByRef: async (ref) => this.disbursements.get(ref) ?? inner.disbursements.getByRef(ref),
        getByRefs: (refs) => inner.disbursements.getByRefs(refs),
        listByFund: (fundId) => inner.disbursements.listByFund(fundId),
        paidWithBankRef: (account, bankRef) => inner.disbursements.paidWithBankRef(account, bankRef),
      },
      idempotency: {
        get: async (scope, key) => {
          if (this.absent.delete(key)) return null;
          return inner.idempotency.get(scope, key);
        },
      },
      transaction: {
        commit: async (ops) => {
          try {
            await inner.transaction.commit(ops);
          } catch (error) {
            this.invalidate();
            throw error;
          }
          this.follow(ops);
        },
      },
    };
  }

  prime(aggregates: { pledges?: readonly Pledge[]; disbursements?: readonly Disbursement[] }): void {
    for (const pledge of aggregates.pledges ?? []) this.pledges.set(pledge.ref, pledge);
    for (const disbursement of aggregates.disbursements ?? []) this.disbursements.set(disbursement.ref, disbursement);
  }

  /** This idempotency key is known not to exist yet (its line is new). */
  markAbsent(idempotencyKey: string): void {
    this.absent.add(idempotencyKey);
  }

  /** Takes planned (or committed) writes as the new state of the aggregates they touch. */
  follow(ops: readonly WriteOp[]): void {
    for (const op of ops) {
      if (op.op !== 'create' && op.op !== 'update') continue;
      if (op.aggregate.type === 'pledge') this.pledges.set(op.aggregate.value.ref, op.aggregate.value);
      if (op.aggregate.type === 'disbursement') this.disbursements.set(op.aggregate.value.ref, op.aggregate.value);
    }
  }

  /** Forgets all but the fund: after a failed write (the planned state is not the stored one), or before the next batch. */
  invalidate(): void {
    this.pledges.clear();
    this.disbursements.clear();
    this.absent.clear();
  }
}
