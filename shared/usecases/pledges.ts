import { saltFor } from '../reports/name-salt';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatVnd } from '../domain/format';
import { fundAccount, pledgeRefusal, type BankAccount, type Fund } from '../domain/funds';
import { newId } from '../domain/ids';
import { vietnamDay, type JournalEntry } from '../domain/journal';
import { needsModeration } from '../domain/moderation';
import { pledgedDonorName, pledgeMemoText, PUBLIC_ACTOR, pledgeRefFor, type CreatePledgeInput, type Pledge } from '../domain/pledges';
import { encodeVietQr, toMemo } from '../domain/vietqr';
import { CommitRejectedError, ConcurrentModificationError, ConflictError, IdempotencyKeyReuseError, NotFoundError, ServiceUnavailableError, UnprocessableError } from '../errors';
import { executeCommand, type CommandContext as LedgerCommandContext, type CommandDeps } from './command';
import { backoffMs, MAX_ATTEMPTS, requestHash, type StoredResponse } from './idempotency';
import type { FundStore, PledgeCreation, Stores } from './ports';
import { requireScope } from './scope';
import type { z } from 'zod';
import type { PledgeCreated as PledgeCreatedSchema, PublicPledge } from '../schemas/pledges';
import * as clock from '../domain/clock';

/** The fund may come from the instance's cache (`cachedFunds`): only `get` is asked of it. */
export type CreatePledgeDeps = Pick<Stores, 'pledges' | 'transaction'> & { funds: Pick<FundStore, 'get'> };
export type CancelPledgeDeps = CommandDeps & Pick<Stores, 'pledges' | 'funds'>;

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

const OPERATION = 'CreatePledge';
/** Codes one request may try: each is another request's with probability (pledges ÷ 2^30), so eight in a row never happen. */
const MAX_CODE_ATTEMPTS = 8;

/**
 * The answer to the request that made a pledge: a pure function of the pledge's immutable fields
 * and the account the donor was told to pay into, so a replay rebuilds it exactly (DESIGN §8).
 */
export function pledgeCreatedBody(pledge: Pledge, payTo: BankAccount): PledgeCreated {
  return {
    id: pledge.id,
    ref: pledge.ref,
    fundId: pledge.fundId,
    amount: pledge.amount,
    currency: pledge.currency,
    status: 'PLEDGED',
    createdAt: pledge.createdAt,
    payment: paymentDetails(payTo, pledge.ref, pledge.amount),
  };
}

/** Why this fund does not take this pledge now (422), or the fund and the account the donor is to pay into. */
function payTo(input: CreatePledgeInput, fund: Fund | null, now: Date): { refused: UnprocessableError } | { fund: Fund; account: BankAccount } {
  if (!fund) {
    return { refused: new UnprocessableError(`Không có quỹ ${input.fundId} / Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]) };
  }
  const refusal = pledgeRefusal(fund, now);
  if (refusal) return { refused: new UnprocessableError(refusal, [{ path: 'body.fundId', message: refusal.split(' / ')[1] ?? refusal }]) };
  const account = fundAccount(fund, input.accountNumber);
  if (!account) {
    return {
      refused: new UnprocessableError(`Quỹ ${input.fundId} không có tài khoản ${input.accountNumber} / Fund ${input.fundId} has no account ${input.accountNumber}`, [
        { path: 'body.accountNumber', message: 'is not one of the fund’s accounts' },
      ]),
    };
  }
  return { fund, account };
}

type Found = { kind: 'answer'; answer: StoredResponse<PledgeCreated> } | { kind: 'taken' } | { kind: 'free' };

/** The scope every anonymous caller shares: `actorOf` of a request without credentials. */
const ANONYMOUS = 'public';

/**
 * What is under a code this request derived: its own pledge (the stored answer, or 409 for another
 * body), another request's, or nothing. Anonymous callers share one scope, so for them a key is
 * theirs only together with the body (DESIGN §8): another body under the same key is another
 * caller's pledge, and the request moves on to its next code, never seeing that pledge's answer
 * nor learning that the key was used.
 */
async function lookUp(deps: Pick<Stores, 'pledges'>, ref: string, scope: string, key: string, hash: string): Promise<Found> {
  const existing = await deps.pledges.getWithCreation(ref);
  if (!existing) return { kind: 'free' };
  const { creation } = existing;
  if (!creation || creation.scope !== scope || creation.key !== key) return { kind: 'taken' };
  if (creation.requestHash !== hash) {
    if (scope === `${OPERATION}#${ANONYMOUS}`) return { kind: 'taken' };
    throw new IdempotencyKeyReuseError('This Idempotency-Key was already used with a different request body');
  }
  return { kind: 'answer', answer: { status: 201, body: pledgeCreatedBody(existing.pledge, creation.payTo) } };
}

/**
 * Primary course (DESIGN §8), one round trip:
 *  1. The fund (from the instance's cache) takes pledges at this instant (`acceptsPledgesAt`;
 *     422 saying why otherwise, unless this very request already made its pledge: then its
 *     answer), and the account the donor chose is one of the fund's.
 *  2. The code is derived from the idempotency scope and key; build the pledge, carrying its
 *     creation record, and its PLEDGE_MADE journal entry.
 *  3. Write both in one transaction, the pledge only if its code is free. No read before it.
 *  4. The code is taken: read it. This request's own pledge answers as it did (409 for another
 *     body); another request's pledge moves this one to the next code.
 *  5. Answer with payment instructions: the chosen account, a memo holding the code, a VietQR payload.
 */
export async function createPledge(
  deps: CreatePledgeDeps,
  input: CreatePledgeInput,
  context: LedgerCommandContext,
  options: {
    /** Seeding only (fixtures with fixed codes, migrations): the reference code to use instead of the derived one. */
    ref?: () => string;
    /** The largest amount this caller may pledge: set for callers without an organisation key. */
    capVnd?: number;
  } = {},
): Promise<StoredResponse<PledgeCreated>> {
  if (options.capVnd !== undefined && input.amount > options.capVnd) {
    const cap = formatVnd(options.capVnd);
    throw new UnprocessableError(`Cam kết không cần khoá tổ chức tối đa ${cap} / Without an organisation key a pledge is at most ${cap}`, [
      { path: 'body.amount', message: `is above ${cap}, the most a pledge without an organisation API key may be` },
    ]);
  }
  const scope = `${OPERATION}#${context.idempotencyScope}`;
  const key = context.idempotencyKey;
  const hash = requestHash(OPERATION, input);
  let attempt = 0;
  let races = 0;
  for (;;) {
    const now = context.now?.() ?? clock.now();
    const decided = payTo(input, await deps.funds.get(input.fundId), now);
    if ('refused' in decided) {
      // A request that made its pledge while the fund still took them gets its answer again.
      for (let earlier = 0; earlier < MAX_CODE_ATTEMPTS && !options.ref; earlier++) {
        const found = await lookUp(deps, pledgeRefFor(scope, key, earlier), scope, key, hash);
        if (found.kind === 'answer') return found.answer;
        if (found.kind === 'free') break;
      }
      throw decided.refused;
    }
    const { fund, account } = decided;
    const createdAt = now.toISOString();
    const ref = options.ref?.() ?? pledgeRefFor(scope, key, attempt);
    const pledge: Pledge = {
      id: newId(now.getTime()),
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
      ...(context.actor === PUBLIC_ACTOR && needsModeration(`${input.donor.name} ${input.message ?? ''}`) ? { nameModeration: 'HELD' as const } : {}),
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
      publicDetails: { donor: pledgedDonorName(pledge), donorType: input.donor.type, ...(pledge.nameModeration ? { held: true } : {}) },
      ...saltFor(pledgedDonorName(pledge)),
    };
    const creation: PledgeCreation = { scope, key, requestHash: hash, payTo: account };
    try {
      await deps.transaction.commit([
        { op: 'newPledge', pledge, creation },
        { op: 'journal', entry },
      ]);
      return { status: 201, body: pledgeCreatedBody(pledge, creation.payTo) };
    } catch (error) {
      if (error instanceof ConcurrentModificationError) {
        // Another transaction on the same item was in flight (the same key, sent twice at once): look again shortly.
        if (++races >= MAX_ATTEMPTS) throw new ServiceUnavailableError('Too many concurrent requests with this Idempotency-Key; retry shortly');
        await sleep(backoffMs(races));
        continue;
      }
      if (!(error instanceof CommitRejectedError) || error.failedOp !== 'newPledge') throw error;
    }
    if (options.ref) throw new ConflictError(`Reference code ${ref} is taken`, 'PLEDGED');
    const found = await lookUp(deps, ref, scope, key, hash);
    if (found.kind === 'answer') return found.answer;
    if (found.kind === 'taken' && ++attempt >= MAX_CODE_ATTEMPTS) throw new ServiceUnavailableError('No free reference code; retry shortly');
  }
}

export type PublicPledgeView = z.infer<typeof PublicPledge>;

/**
 * What anyone holding the code may see: how much, how much arrived, the name as the donor allowed
 * (a stranger's only once money has arrived: `pledgedDonorName`),
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
    donorName: pledgedDonorName(pledge),
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
            publicDetails: { donor: pledgedDonorName(pledge), reason },
            ...saltFor(pledgedDonorName(pledge)),
          },
        },
      ],
      response: { status: 200, body: cancelled },
    };
  });
}
