/**
 * Receiving a statement: a small file in the request body (read whole before anything is
 * written: a file that is not a statement is a 400 saying why, one of another account a 422
 * naming both accounts), or a large one through a presigned PUT (the same checks when it arrives).
 * Either way the statement exists before its file, so the bucket's event always finds it.
 */
import { createHash } from 'node:crypto';
import { accountKey, fundAccounts, type Fund } from '../../domain/funds';
import { newStatementId, zeroCounters, type FileFacts, type Statement } from '../../domain/statements/statement';
import { UnprocessableError } from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import type { StoredResponse } from '../idempotency';
import type { ObjectStores, Stores } from '../ports';
import { objectKeyOf } from './files';
import { readFile, resolveAccount, savedFormats } from './validation';

export const UPLOAD_URL_SECONDS = 15 * 60;

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The fund, the saved layouts, the new statement (a command), and its file. */
export type UploadDeps = CommandDeps & Pick<Stores, 'funds' | 'statementMappings'> & Pick<ObjectStores, 'statementFiles' | 'statementParser'>;

function fundOrFail(fund: Fund | null, fundId: string, path: string): Fund {
  if (!fund) throw new UnprocessableError(`Không có quỹ ${fundId} / Unknown fund ${fundId}`, [{ path, message: `unknown fund ${fundId}` }]);
  return fund;
}

function newStatement(
  fund: Fund,
  id: string,
  account: string,
  fields: Pick<Statement, 'fileName' | 'contentType' | 'source' | 'status' | 'uploadedBy' | 'uploadedAt'> & Partial<Statement>,
): Statement {
  return {
    id,
    fundId: fund.fundId,
    account,
    objectKey: objectKeyOf(fund.fundId, id),
    linesValidated: 0,
    linesProcessed: 0,
    ...zeroCounters(),
    ...fields,
  };
}

export interface UploadInput {
  fundId: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Which of the fund's accounts, when the file does not say and the fund has several. */
  accountNumber?: string;
}

/**
 * A small statement in the request body: read whole before anything is written, then the
 * statement is created QUEUED and the file stored, which starts the import (the bucket's event).
 * A retried request re-stores a file that did not arrive.
 */
export async function uploadStatement(deps: UploadDeps, input: UploadInput, context: CommandContext): Promise<StoredResponse<Statement>> {
  const fund = fundOrFail(await deps.funds.get(input.fundId), input.fundId, 'query.fundId');
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const first = await readFile(deps.statementParser, input.bytes, await savedFormats(deps.statementMappings));
  const account = resolveAccount(fund, first, input.accountNumber);
  const { bankBin: _bin, ...read } = first;
  const facts: FileFacts = { ...read, size: input.bytes.length, sha256 };
  const response = await executeCommand<Statement>(deps, 'UploadStatement', { fundId: input.fundId, fileName: input.fileName, sha256, account }, context, async (now) => {
    const at = now.toISOString();
    const statement = newStatement(fund, newStatementId(now.getTime()), account, {
      fileName: input.fileName,
      contentType: input.contentType,
      source: 'body',
      status: 'QUEUED',
      uploadedBy: context.actor,
      uploadedAt: at,
      facts,
      linesValidated: facts.lineCount,
      validatedAt: at,
    });
    return { ops: [{ op: 'create', aggregate: { type: 'statement', value: statement } }], response: { status: 202, body: statement } };
  });
  const { objectKey } = response.body;
  if (!(await deps.statementFiles.head(objectKey))) await deps.statementFiles.put(objectKey, input.bytes, input.contentType);
  return response;
}

export interface UploadRequest {
  fundId: string;
  fileName: string;
  contentType: string;
  size: number;
  accountNumber?: string;
}

/**
 * A large statement: the statement is created AWAITING_UPLOAD and the clerk gets a presigned PUT
 * for its file. Its account is settled when the file arrives (the file may name it); until then
 * it is the one the clerk named, or the fund's first.
 */
export async function requestStatementUpload(deps: UploadDeps, input: UploadRequest, context: CommandContext) {
  const fund = fundOrFail(await deps.funds.get(input.fundId), input.fundId, 'body.fundId');
  const provisional = input.accountNumber ? resolveAccount(fund, {}, input.accountNumber) : accountKey(fundAccounts(fund)[0]!);
  const response = await executeCommand<Statement>(deps, 'RequestStatementUpload', input, context, async (now) => {
    const statement = newStatement(fund, newStatementId(now.getTime()), provisional, {
      fileName: input.fileName,
      contentType: input.contentType,
      source: 'presigned',
      status: 'AWAITING_UPLOAD',
      uploadedBy: context.actor,
      uploadedAt: now.toISOString(),
      expectedSize: input.size,
      ...(input.accountNumber ? { requestedAccount: input.accountNumber } : {}),
    });
    return { ops: [{ op: 'create', aggregate: { type: 'statement', value: statement } }], response: { status: 201, body: statement } };
  });
  const statement = response.body;
  // Presigned afresh on a replay: a URL is short-lived, the key is the statement's.
  const url = await deps.statementFiles.presignPut(statement.objectKey, input.contentType, input.size, UPLOAD_URL_SECONDS);
  return {
    status: response.status,
    statement,
    upload: { method: 'PUT' as const, url, headers: { 'content-type': input.contentType }, expiresIn: UPLOAD_URL_SECONDS },
  };
}
