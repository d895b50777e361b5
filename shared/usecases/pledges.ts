import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { isOverdue, publicDonorName, type Pledge } from '../domain/pledges';
import { generateRef } from '../domain/refs';
import { encodeVietQr, toMemo } from '../domain/vietqr';
import { NotFoundError, RefTakenError, UnprocessableError } from '../errors';
import type { CreatePledgeInput } from '../schemas/pledges';
import { idempotent, requestHash, type StoredResponse } from './idempotency';
import type { LedgerStore } from './ports';

export interface CommandContext {
  actor: string;
  idempotencyKey: string;
  /** Separates the keys of different callers (an organisation's keys never collide with the public's). */
  idempotencyScope: string;
  now?: () => Date;
}

export interface PledgeCreated {
  id: string;
  ref: string;
  fundId: string;
  amount: number;
  currency: 'VND';
  status: 'PLEDGED';
  createdAt: string;
  payment: { bankBin: string; bankName: string; accountNumber: string; accountName: string; memo: string; vietQr: string };
}

const REF_ATTEMPTS = 5;

/**
 * Primary course:
 *  1. The fund exists and is open (422 otherwise).
 *  2. Build the pledge with a fresh UH reference code and its PLEDGE_MADE journal entry.
 *  3. Write pledge + code + journal entry + idempotency record in one transaction.
 *  4. Answer with payment instructions: the fund's account, a memo holding the code, a VietQR payload.
 */
export async function createPledge(
  store: LedgerStore,
  input: CreatePledgeInput,
  context: CommandContext,
): Promise<StoredResponse<PledgeCreated>> {
  const hash = requestHash('CreatePledge', input);
  return idempotent(store, `CreatePledge#${context.idempotencyScope}`, context.idempotencyKey, hash, async () => {
    const fund = await store.getFund(input.fundId);
    if (!fund) {
      throw new UnprocessableError(`Không có quỹ ${input.fundId} / Unknown fund ${input.fundId}`, [
        { path: 'body.fundId', message: `unknown fund ${input.fundId}` },
      ]);
    }
    if (fund.status !== 'OPEN') {
      throw new UnprocessableError(`Quỹ ${input.fundId} đã đóng / Fund ${input.fundId} is closed`, [
        { path: 'body.fundId', message: 'fund is closed' },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      const createdAt = (context.now?.() ?? new Date()).toISOString();
      const id = newId(Date.parse(createdAt));
      const ref = generateRef('UH');
      const pledge: Pledge = {
        id,
        ref,
        fundId: fund.fundId,
        donor: input.donor,
        amount: input.amount,
        received: 0,
        currency: fund.currency,
        dueDate: input.dueDate,
        publishName: input.publishName,
        message: input.message,
        status: 'PLEDGED',
        createdAt,
        createdBy: context.actor,
        version: 1,
      };
      const entry: JournalEntry = {
        entryId: newId(Date.parse(createdAt)),
        fundId: fund.fundId,
        type: 'PLEDGE_MADE',
        at: createdAt,
        day: vietnamDay(createdAt),
        actor: context.actor,
        entityRef: ref,
        entityType: 'pledge',
        deltas: { pledged: input.amount, pledgeCount: 1, donorCount: 1 },
        publicDetails: { donor: publicDonorName(pledge), donorType: input.donor.type },
      };
      const memo = toMemo(`${ref} ung ho`);
      const body: PledgeCreated = {
        id,
        ref,
        fundId: fund.fundId,
        amount: input.amount,
        currency: fund.currency,
        status: 'PLEDGED',
        createdAt,
        payment: {
          ...fund.bankAccount,
          memo,
          vietQr: encodeVietQr({ bankBin: fund.bankAccount.bankBin, accountNumber: fund.bankAccount.accountNumber, amount: input.amount, memo }),
        },
      };
      const response = { status: 201, body };
      try {
        await store.createPledge(pledge, entry, {
          scope: `CreatePledge#${context.idempotencyScope}`,
          key: context.idempotencyKey,
          requestHash: hash,
          status: 201,
          response: body,
          createdAt,
        });
        return response;
      } catch (error) {
        if (!(error instanceof RefTakenError) || attempt >= REF_ATTEMPTS) throw error;
      }
    }
  });
}

export interface PublicPledgeView {
  ref: string;
  fundId: string;
  fundName: { vi: string; en: string };
  amount: number;
  received: number;
  currency: 'VND';
  status: Pledge['status'];
  overdue: boolean;
  donorName: string;
  createdAt: string;
  dueDate?: string;
}

/** What anyone holding the code may see: no email, phone, tax code or message. */
export async function getPublicPledge(store: LedgerStore, ref: string, now = new Date()): Promise<PublicPledgeView> {
  const pledge = await store.getPledgeByRef(ref);
  if (!pledge) throw new NotFoundError(`Không tìm thấy mã ${ref} / No pledge with reference ${ref}`);
  const fund = await store.getFund(pledge.fundId);
  return {
    ref: pledge.ref,
    fundId: pledge.fundId,
    fundName: fund?.name ?? { vi: pledge.fundId, en: pledge.fundId },
    amount: pledge.amount,
    received: pledge.received,
    currency: pledge.currency,
    status: pledge.status,
    overdue: isOverdue(pledge, vietnamDay(now.toISOString())),
    donorName: publicDonorName(pledge),
    createdAt: pledge.createdAt,
    dueDate: pledge.dueDate,
  };
}
