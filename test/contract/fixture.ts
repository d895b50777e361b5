/**
 * What a contract needs from an adapter set: the stores, and a way to seed what no command
 * writes (funds and administrative units come from the seed, not from commands). Every contract
 * uses ids of its own, so one fixture serves a whole file, on one table or one memory state.
 */
import { randomUUID } from 'node:crypto';
import { encodeTime } from 'ulidx';
import type { AdminUnit } from '../../shared/domain/admin-units';
import type { Disbursement } from '../../shared/domain/disbursements';
import type { Fund } from '../../shared/domain/funds';
import { newId } from '../../shared/domain/ids';
import { vietnamDay, type Deltas, type JournalEntry } from '../../shared/domain/journal';
import type { Pledge } from '../../shared/domain/pledges';
import type { Receipt } from '../../shared/domain/receipts';
import { newStatementId, zeroCounters, type LineBatch, type LineRecord, type Statement } from '../../shared/domain/statements/statement';
import type { Stores, WriteOp } from '../../shared/usecases/ports';

export interface StoresFixture {
  stores: Stores;
  seedFunds(funds: Fund[]): Promise<void>;
  seedAdminUnits(units: AdminUnit[]): Promise<void>;
}

export type FixtureFactory = () => Promise<StoresFixture>;

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function fund(overrides: Partial<Fund> = {}): Fund {
  return {
    fundId: unique('fund'),
    name: { vi: 'Quỹ hợp đồng', en: 'Contract fund' },
    description: { vi: 'Quỹ thử', en: 'A test fund' },
    currency: 'VND',
    bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'THU NGHIEM' },
    opensOn: '2025-01-01',
    status: 'OPEN',
    ...overrides,
  };
}

export function pledge(fundId: string, overrides: Partial<Pledge> = {}): Pledge {
  const id = newId();
  return {
    id,
    ref: unique('UH'),
    fundId,
    donor: { type: 'individual', name: 'Nguyễn Văn An' },
    amount: 500_000,
    received: 0,
    currency: 'VND',
    publishName: true,
    status: 'PLEDGED',
    createdAt: '2025-09-01T02:00:00.000Z',
    createdBy: 'public',
    version: 1,
    ...overrides,
  };
}

export function receipt(fundId: string, overrides: Partial<Receipt> = {}): Receipt {
  return {
    id: newId(),
    fundId,
    amount: 200_000,
    receivedAt: '2025-09-02T09:00:00+07:00',
    method: 'bank',
    flags: [],
    status: 'RECORDED',
    recordedBy: 'staff:an',
    recordedAt: '2025-09-02T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function disbursement(fundId: string, overrides: Partial<Disbursement> = {}): Disbursement {
  return {
    id: newId(),
    ref: unique('GN'),
    fundId,
    beneficiary: { wardCode: '26734', wardName: 'Phường Sài Gòn', provinceCode: '79' },
    amount: 1_000_000,
    purpose: 'Hỗ trợ',
    status: 'REQUESTED',
    requestedBy: 'staff:an',
    requestedAt: '2025-09-03T02:00:00.000Z',
    evidence: [],
    version: 1,
    ...overrides,
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let entryCounter = 0;

/** A ULID of this instant that sorts after every id this process made for the same instant (newId's monotonic clock would not go back to it). */
export function entryIdAt(ms: number): string {
  let tail = '';
  for (let v = ++entryCounter, i = 0; i < 16; i++, v = Math.floor(v / 32)) tail = CROCKFORD[v % 32] + tail;
  return encodeTime(ms, 10) + tail;
}

export function entry(fundId: string, overrides: Partial<JournalEntry> = {}, deltas: Deltas = { pledged: 100, pledgeCount: 1 }): JournalEntry {
  const at = overrides.at ?? '2025-09-01T02:00:00.000Z';
  return {
    entryId: entryIdAt(Date.parse(at)),
    fundId,
    type: 'PLEDGE_MADE',
    at,
    day: vietnamDay(at),
    actor: 'public',
    entityRef: unique('UH'),
    entityType: 'pledge',
    deltas,
    publicDetails: { donor: 'Nhà hảo tâm' },
    ...overrides,
  };
}

/** Statement ids carry line numbers in their tail, so they order by their time alone: one millisecond each, in order. */
let statementClock = Date.now();

export function statement(fundId: string, overrides: Partial<Statement> = {}): Statement {
  statementClock = Math.max(statementClock + 1, Date.now());
  const id = newStatementId(statementClock);
  return {
    id,
    fundId,
    account: '970436/0071000000079',
    fileName: 'sao-ke.csv',
    contentType: 'text/csv',
    objectKey: `uploads/${fundId}/${id}`,
    source: 'body',
    status: 'QUEUED',
    uploadedBy: 'staff:an',
    uploadedAt: '2025-09-04T02:00:00.000Z',
    linesValidated: 0,
    linesProcessed: 0,
    ...zeroCounters(),
    ...overrides,
  };
}

export function line(lineNo: number, overrides: Partial<LineRecord> = {}): LineRecord {
  return {
    lineNo,
    row: lineNo + 1,
    class: 'COUNTED',
    status: 'UNMATCHED',
    bookedAt: '2025-09-04T09:00:00+07:00',
    valueDate: '2025-09-04',
    direction: 'CREDIT',
    amount: 100_000,
    bankRef: `FT${lineNo}`,
    memo: 'ung ho',
    effect: 'RECEIPT',
    receipt: 'RECORDED',
    reasons: [],
    codes: [],
    nearMisses: [],
    importedAt: '2025-09-04T02:00:00.000Z',
    ...overrides,
  };
}

/** A batch of a statement's consecutive lines, numbered from `first`. */
export function batch(statementValue: Pick<Statement, 'id' | 'fundId' | 'account'>, first: number, lines: LineRecord[]): LineBatch {
  return {
    statementId: statementValue.id,
    fundId: statementValue.fundId,
    account: statementValue.account,
    firstLineNo: first,
    lastLineNo: first + lines.length - 1,
    valueDate: '2025-09-04',
    lines: lines.map((l, i) => ({ ...l, lineNo: first + i })),
    version: 1,
  };
}

export const create = (aggregate: Extract<WriteOp, { op: 'create' }>['aggregate']): WriteOp => ({ op: 'create', aggregate });
export const journal = (value: JournalEntry): WriteOp => ({ op: 'journal', entry: value });

/** Every page of a paged list, with the page sizes seen. */
export async function walk<T>(next: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>): Promise<{ items: T[]; pages: number[] }> {
  const items: T[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    items.push(...page.items);
    pages.push(page.items.length);
    cursor = page.cursor;
  } while (cursor);
  return { items, pages };
}
