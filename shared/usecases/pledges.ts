import { fundAccount, pledgeRefusal, type BankAccount, type Fund } from '../domain/funds';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { pledgeMemoText, publicDonorName, type CreatePledgeInput, type Pledge } from '../domain/pledges';
import { generateRef } from '../domain/refs';
import { encodeVietQr, toMemo } from '../domain/vietqr';
import { ConcurrentModificationError, ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext as LedgerCommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';
import { requireScope } from './scope';

export type CreatePledgeDeps = CommandDeps & Pick<Stores, 'funds'>;
export type CancelPledgeDeps = CommandDeps & Pick<Stores, 'pledges' | 'funds'>;
import type { z } from 'zod';
import type { PledgeCreated as PledgeCreatedSchema, PublicPledge } from '../schemas/pledges';

export type PledgeCreated = z.infer<typeof PledgeCreatedSchema>;
export type PaymentDetails = PledgeCreated['payment'];

/** How to pay a pledge: the account it names, the memo with its code, the VietQR payload of both (one source for the answer and the public view). */
export function paymentDetails(account: BankAccount, ref: string, amount: number): PaymentDetails {
  const memo = toMemo(pledgeMemoText(ref));
  return {
    bankBin: account.bankBin,
    bankName: account.bankName,
    accountNumber: account.accountNumber,
    accountName: account.accountName,
    memo,
    vietQr: encodeVietQr({ bankBin: account.bankBin, accountNumber: account.accountNumber, amount, memo }),
  };
}

/** The account a pledge names: the one the donor chose, or the fund's first for a pledge that chose none. */
export function pledgeAccount(fund: Fund, pledge: Pick<Pledge, 'account'>): BankAccount {
  return (pledge.account && fundAccount(fund, pledge.account.accountNumber)) ?? fundAccount(fund)!;
}

/**
 * Primary course:
 *  1. The fund exists and takes pledges now (`acceptsPledgesAt`; 422 saying why otherwise), and the
 *     account the donor chose is one of the fund's.
 *  2. Build the pledge with a fresh UH reference code and its PLEDGE_MADE journal entry.
 *  3. Write pledge + code + journal entry + idempotency record in one transaction
 *     (a code that is already taken is drawn again).
 *  4. Answer with payment instructions: the chosen account, a memo holding the code, a VietQR payload.
 */
export async function createPledge(
  deps: CreatePledgeDeps,
  input: CreatePledgeInput,
  context: LedgerCommandContext,
  /** Seeding only (fixtures with fixed codes, migrations): the reference code to use instead of a fresh one. */
  options: { ref?: () => string } = {},
) {
  return executeCommand<PledgeCreated>(deps, 'CreatePledge', input, context, async (now) => {
    const fund = await deps.funds.get(input.fundId);
    if (!fund) {
      throw new UnprocessableError(`Không có quỹ ${input.fundId} / Unknown fund ${input.fundId}`, [
        { path: 'body.fundId', message: `unknown fund ${input.fundId}` },
      ]);
    }
    const refusal = pledgeRefusal(fund, now);
    if (refusal) throw new UnprocessableError(refusal, [{ path: 'body.fundId', message: refusal.split(' / ')[1] ?? refusal }]);
    const account = fundAccount(fund, input.accountNumber);
    if (!account) {
      throw new UnprocessableError(`Quỹ ${input.fundId} không có tài khoản ${input.accountNumber} / Fund ${input.fundId} has no account ${input.accountNumber}`, [
        { path: 'body.accountNumber', message: 'is not one of the fund’s accounts' },
      ]);
    }
    const createdAt = now.toISOString();
    const id = newId(now.getTime());
    const ref = options.ref?.() ?? generateRef('UH');
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
      ...(input.accountNumber ? { account: { bankBin: account.bankBin, accountNumber: account.accountNumber } } : {}),
      status: 'PLEDGED',
      createdAt,
      createdBy: context.actor,
      version: 1,
    };
    const entry: JournalEntry = {
      entryId: newId(now.getTime()),
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
    const body: PledgeCreated = {
      id,
      ref,
      fundId: fund.fundId,
      amount: input.amount,
      currency: fund.currency,
      status: 'PLEDGED',
      createdAt,
      payment: paymentDetails(account, ref, input.amount),
    };
    return {
      ops: [
        { op: 'fundState', fundId: fund.fundId, states: ['OPEN', 'RECEIVING_CLOSED'] },
        { op: 'reference', ref, entityType: 'pledge', entityId: id },
        { op: 'create', aggregate: { type: 'pledge', value: pledge } },
        { op: 'journal', entry },
      ],
      response: { status: 201, body },
      onRejected: (error) => {
        if (error.failedOp === 'fundState') return new UnprocessableError(`Fund ${input.fundId} is not open`, [{ path: 'body.fundId', message: 'fund is not open' }]);
        // One in a billion: the code is taken. Planning again draws a new one.
        if (error.failedOp === 'reference') return new ConcurrentModificationError('reference code taken', undefined, { cause: error });
        return undefined;
      },
    };
  });
}

export type PublicPledgeView = z.infer<typeof PublicPledge>;

/**
 * What anyone holding the code may see: how much, how much arrived, the name as the donor allowed,
 * and how to pay (the chosen account, the memo, the VietQR payload: none of it personal data), so
 * reopening the pledge's page shows how to pay. No email, phone, tax code, message or due date.
 */
export async function getPublicPledge(deps: Pick<Stores, 'pledges' | 'funds'>, ref: string): Promise<PublicPledgeView> {
  const pledge = await deps.pledges.getByRef(ref);
  if (!pledge) throw new NotFoundError(`Không tìm thấy mã ${ref} / No pledge with reference ${ref}`);
  const fund = await deps.funds.get(pledge.fundId);
  if (!fund) throw new NotFoundError(`Không tìm thấy quỹ của mã ${ref} / The fund of ${ref} is gone`);
  return {
    ref: pledge.ref,
    fundId: pledge.fundId,
    fundName: fund.name,
    amount: pledge.amount,
    received: pledge.received,
    currency: pledge.currency,
    status: pledge.status,
    donorName: publicDonorName(pledge),
    createdAt: pledge.createdAt,
    payment: paymentDetails(pledgeAccount(fund, pledge), pledge.ref, pledge.amount),
  };
}

/**
 * Cancels a pledge that has not received money (receipts are reversed first, so history stays
 * a sum of entries). The PLEDGE_CANCELLED entry takes the pledged amount back out.
 */
export async function cancelPledge(deps: CancelPledgeDeps, ref: string, reason: string, context: LedgerCommandContext) {
  return executeCommand<Pledge>(deps, 'CancelPledge', { ref, reason }, context, async (now) => {
    const pledge = await deps.pledges.getByRef(ref);
    if (!pledge) throw new NotFoundError(`No pledge ${ref}`);
    const fund = await deps.funds.get(pledge.fundId);
    if (fund) requireScope(context.scope, fund);
    if (pledge.status === 'CANCELLED') throw new ConflictError(`Pledge ${ref} is already CANCELLED`, pledge.status);
    if (pledge.received > 0) {
      throw new ConflictError(`Pledge ${ref} has received ${pledge.received}: reverse its receipts before cancelling`, pledge.status);
    }
    const at = now.toISOString();
    const cancelled: Pledge = { ...pledge, status: 'CANCELLED', version: pledge.version + 1 };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'pledge', value: cancelled }, expectedVersion: pledge.version },
        {
          op: 'journal',
          entry: {
            entryId: newId(now.getTime()),
            fundId: pledge.fundId,
            type: 'PLEDGE_CANCELLED',
            at,
            day: vietnamDay(at),
            actor: context.actor,
            entityRef: pledge.ref,
            entityType: 'pledge',
            deltas: { pledged: -pledge.amount, pledgeCount: -1, donorCount: -1 },
            publicDetails: { donor: publicDonorName(pledge), reason },
          },
        },
      ],
      response: { status: 200, body: cancelled },
    };
  });
}
