/**
 * Organisations' batches (DESIGN §12.5). The list is validated row by row at the edge; here its
 * accepted rows are stored with the batch, then made into pledges a chunk at a time, each under
 * an idempotency key derived from the row's identity, so nothing is created twice however often
 * the list is uploaded or the processing is repeated.
 */
import type { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  BATCH_CHUNK_ROWS,
  rowIdempotencyKey,
  rowKeys,
  type Batch,
  type BatchRow,
  type BatchRowInput,
  type BatchRowsChunk,
} from '../domain/batches';
import { pledgeRefusal } from '../domain/funds';
import { CROCKFORD } from '../domain/refs';
import { CommitRejectedError, ConflictError, IdempotencyKeyReuseError, NotFoundError, ServiceUnavailableError, SoVangError, UnprocessableError, type FieldError } from '../errors';
import type { BatchDetail, BatchView as BatchViewSchema } from '../schemas/batches';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';
import { createPledge } from './pledges';
import * as clock from '../domain/clock';

export type BatchView = z.infer<typeof BatchViewSchema>;
export type BatchDetailView = z.infer<typeof BatchDetail>;

export interface UploadBatchInput {
  orgId: string;
  fundId: string;
  fileName: string;
  /** SHA-256 of the file, hex. */
  sha256: string;
  /** Data rows in the file, accepted or not. */
  rowCount: number;
  rows: BatchRowInput[];
  errors: FieldError[];
}

/** At most this many rejected rows' problems are kept with the batch; `rejected` counts them all. */
export const MAX_KEPT_ERRORS = 1000;

/** 26 Crockford characters from a hash: the batch's id, the same for a retry of the same upload. */
function idFrom(text: string): string {
  const bytes = sha256(utf8ToBytes(text));
  let out = '';
  for (let i = 0; i < 26; i++) out += CROCKFORD[bytes[i]! % 32];
  return out;
}

export function batchView(batch: Batch): BatchView {
  return {
    id: batch.id,
    orgId: batch.orgId,
    fundId: batch.fundId,
    fileName: batch.fileName,
    status: batch.status,
    rows: batch.rows,
    accepted: batch.accepted,
    rejected: batch.rejected,
    errors: batch.errors,
    processed: batch.created + batch.existing + batch.refused,
    created: batch.created,
    existing: batch.existing,
    refused: batch.refused,
    uploadedAt: batch.uploadedAt,
    ...(batch.completedAt ? { completedAt: batch.completedAt } : {}),
  };
}

/**
 * Primary course:
 *  1. The fund takes pledges now (a list for a fund that does not is refused whole, with why).
 *  2. Each accepted row gets its identity; the rows are stored in chunks of 250, each its own
 *     write (a transaction holds 4 MB), under a batch id derived from the organisation, the
 *     Idempotency-Key and the file, so a retried upload writes the same items.
 *  3. The batch itself and the idempotency record come last, in one transaction: the upload's
 *     commit point. Its answer is 202: the pledges are made by `processBatch`.
 */
export async function uploadBatch(deps: CommandDeps & Pick<Stores, 'funds'>, input: UploadBatchInput, context: CommandContext) {
  const fund = await deps.funds.get(input.fundId);
  if (!fund) throw new UnprocessableError(`Không có quỹ ${input.fundId} / Unknown fund ${input.fundId}`, [{ path: 'query.fundId', message: `unknown fund ${input.fundId}` }]);
  const now = context.now?.() ?? clock.now();
  const refusal = pledgeRefusal(fund, now);
  if (refusal) throw new UnprocessableError(refusal, [{ path: 'query.fundId', message: refusal.split(' / ')[1] ?? refusal }]);
  const id = idFrom(`${input.orgId}\u001e${context.idempotencyKey}\u001e${input.sha256}`);
  const keys = rowKeys(input.orgId, input.fundId, input.rows);
  const rows: BatchRow[] = input.rows.map((row, i) => ({ ...row, key: keys[i]! }));
  const chunks: BatchRowsChunk[] = [];
  for (let i = 0; i < rows.length; i += BATCH_CHUNK_ROWS) chunks.push({ batchId: id, index: chunks.length, rows: rows.slice(i, i + BATCH_CHUNK_ROWS), version: 1 });
  return executeCommand<BatchView>(deps, 'UploadBatch', { fundId: input.fundId, fileName: input.fileName, sha256: input.sha256 }, context, async () => {
    for (const chunk of chunks) {
      try {
        await deps.transaction.commit([{ op: 'create', aggregate: { type: 'batchRows', value: chunk } }]);
      } catch (error) {
        // Written by an attempt of this very upload that did not finish: the same rows.
        if (!(error instanceof CommitRejectedError)) throw error;
      }
    }
    const batch: Batch = {
      id,
      orgId: input.orgId,
      fundId: input.fundId,
      fileName: input.fileName,
      sha256: input.sha256,
      status: rows.length ? 'QUEUED' : 'COMPLETED',
      rows: input.rowCount,
      accepted: rows.length,
      rejected: input.rowCount - rows.length,
      errors: input.errors.slice(0, MAX_KEPT_ERRORS),
      chunks: chunks.length,
      chunksDone: 0,
      created: 0,
      existing: 0,
      refused: 0,
      uploadedBy: context.actor,
      uploadedAt: now.toISOString(),
      ...(rows.length ? {} : { completedAt: now.toISOString() }),
      version: 1,
    };
    return {
      ops: [{ op: 'create', aggregate: { type: 'batch', value: batch } }],
      response: { status: 202, body: batchView(batch) },
      onRejected: (error) => (error.failedOp === 'create:batch' ? new ConflictError('This list was uploaded already under this Idempotency-Key') : undefined),
    };
  });
}

async function ownBatch(deps: Pick<Stores, 'batches'>, orgId: string, batchId: string): Promise<Batch> {
  const batch = await deps.batches.get(batchId);
  if (!batch || batch.orgId !== orgId) throw new NotFoundError(`Không có danh sách ${batchId} / No batch ${batchId}`);
  return batch;
}

/** Runs `work` over the items with at most `limit` at a time, in order of start. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface ProcessBatchOptions {
  /** Start no new pledge after this instant (epoch ms): the rows done so far are saved, and the next call continues. */
  deadline: number;
  /** Pledges made at once. */
  concurrency?: number;
}

/**
 * Primary course:
 *  1. For each chunk not yet done, in order: each row's pledge is made with the pledge command,
 *     as the organisation, under the row's idempotency key. A pledge made before this batch was
 *     uploaded (an earlier upload of the list) is `existing`; the same key with other details is
 *     a `conflict`; a pledge the fund refuses is `refused`, with why.
 *  2. The chunk's outcomes and the batch's counters are written together, on both versions: two
 *     runs at once cannot count a chunk twice.
 *  3. Done when every chunk is; a call that runs out of time answers with what it did.
 */
export async function processBatch(
  deps: CommandDeps & Pick<Stores, 'funds' | 'batches' | 'pledges'>,
  orgId: string,
  batchId: string,
  options: ProcessBatchOptions,
): Promise<{ batch: BatchView; done: boolean }> {
  let batch = await ownBatch(deps, orgId, batchId);
  const actor = `org:${orgId}`;
  while (batch.chunksDone < batch.chunks) {
    if (Date.now() >= options.deadline) return { batch: batchView(batch), done: false };
    const chunk = await deps.batches.chunk(batch.id, batch.chunksDone);
    if (!chunk) throw new SoVangError(`batch ${batch.id} has no chunk ${batch.chunksDone}`);
    const rows = chunk.rows.map((row) => ({ ...row }));
    const uploadedAt = Date.parse(batch.uploadedAt);
    await inParallel(
      rows.filter((row) => !row.outcome),
      options.concurrency ?? 8,
      async (row) => {
        // A slow ledger must not hold one call past its deadline for a whole chunk: stop here.
        if (Date.now() >= options.deadline) return;
        try {
          const result = await createPledge(deps, { fundId: batch.fundId, ...row.pledge }, { actor, idempotencyScope: actor, idempotencyKey: rowIdempotencyKey(row.key) });
          row.ref = result.body.ref;
          row.outcome = Date.parse(result.body.createdAt) < uploadedAt ? 'existing' : 'created';
        } catch (error) {
          if (error instanceof IdempotencyKeyReuseError) {
            row.outcome = 'conflict';
            row.problem = 'Dòng này đã được nộp trước đây với thông tin khác / This row was handed over before with other details (same reference)';
          } else if (error instanceof UnprocessableError) {
            row.outcome = 'refused';
            row.problem = error.message;
          } else {
            throw error;
          }
        }
      },
    );
    const count = (outcome: BatchRow['outcome']) => rows.filter((row) => row.outcome === outcome).length;
    const before = (outcome: BatchRow['outcome']) => chunk.rows.filter((row) => row.outcome === outcome).length;
    const chunkDone = rows.every((row) => row.outcome);
    const chunksDone = batch.chunksDone + (chunkDone ? 1 : 0);
    const at = clock.now().toISOString();
    const next: Batch = {
      ...batch,
      chunksDone,
      created: batch.created + count('created') - before('created'),
      existing: batch.existing + count('existing') - before('existing'),
      refused: batch.refused + count('refused') + count('conflict') - before('refused') - before('conflict'),
      status: chunksDone === batch.chunks ? 'COMPLETED' : 'PROCESSING',
      ...(chunksDone === batch.chunks ? { completedAt: at } : {}),
      version: batch.version + 1,
    };
    try {
      await deps.transaction.commit([
        { op: 'update', aggregate: { type: 'batchRows', value: { ...chunk, rows, version: chunk.version + 1 } }, expectedVersion: chunk.version },
        { op: 'update', aggregate: { type: 'batch', value: next }, expectedVersion: batch.version },
      ]);
    } catch (error) {
      if (!(error instanceof CommitRejectedError)) throw error;
      // Another run got there first: its counts stand (our pledges were the same ones, by their keys).
      const current = await ownBatch(deps, orgId, batchId);
      if (current.version === batch.version) throw new ServiceUnavailableError('The batch could not be saved; call again');
      batch = current;
      continue;
    }
    batch = next;
    if (!chunkDone) return { batch: batchView(batch), done: false };
  }
  return { batch: batchView(batch), done: true };
}

/** One page of a batch's rows (one chunk), with each pledge's status and what has arrived against it. */
export async function getBatch(deps: Pick<Stores, 'batches' | 'pledges'>, orgId: string, batchId: string, cursor?: string): Promise<BatchDetailView> {
  const batch = await ownBatch(deps, orgId, batchId);
  const index = cursor === undefined ? 0 : Number(cursor);
  const chunk = index < batch.chunks ? await deps.batches.chunk(batch.id, index) : null;
  const rows = chunk?.rows ?? [];
  const refs = rows.flatMap((row) => (row.ref ? [row.ref] : []));
  const pledges = new Map((refs.length ? await deps.pledges.getByRefs(refs) : []).map((p) => [p.ref, p]));
  const items = rows.map((row) => {
    const pledge = row.ref ? pledges.get(row.ref) : undefined;
    return {
      rowNo: row.rowNo,
      donorName: row.pledge.donor.name,
      amount: row.pledge.amount,
      ...(row.externalRef ? { externalRef: row.externalRef } : {}),
      ...(row.outcome ? { outcome: row.outcome } : {}),
      ...(row.problem ? { problem: row.problem } : {}),
      ...(row.ref ? { ref: row.ref } : {}),
      ...(pledge ? { status: pledge.status, received: pledge.received } : {}),
    };
  });
  return { ...batchView(batch), rows: { items, ...(index + 1 < batch.chunks ? { cursor: String(index + 1) } : {}) } };
}

export async function listBatches(deps: Pick<Stores, 'batches'>, orgId: string, options: { cursor?: string; limit: number }) {
  const result = await deps.batches.listByOrganisation(orgId, options);
  return { items: result.items.map(batchView), ...(result.cursor ? { cursor: result.cursor } : {}) };
}
