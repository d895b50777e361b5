/**
 * Receiving a statement: a small file in the request body (validated whole before anything is
 * written), or a large one through a presigned PUT. Either way the statement exists before its
 * file, so the bucket's event always finds it.
 */
import { createHash } from 'node:crypto';
import { fundAccount, fundAccounts, type Fund } from '../../domain/funds';
import { newId } from '../../domain/ids';
import { zeroCounters, type FileFacts, type Statement } from '../../domain/statements/statement';
import { UnprocessableError } from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import type { StoredResponse } from '../idempotency';
import type { ObjectStores, Stores } from '../ports';
import { objectKeyOf } from './files';
import { validateFile } from './validation';

export const UPLOAD_URL_SECONDS = 15 * 60;

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The fund, the new statement (a command), and its file. */
export type UploadDeps = CommandDeps & Pick<Stores, 'funds'> & Pick<ObjectStores, 'statementFiles' | 'statementParser'>;

/**
 * The account a statement's lines belong to (`bin/number`): part of every line identity, so two
 * accounts' statements never collide on a bank reference. One of the fund's published accounts,
 * its first by default; a number the fund does not publish is a 422 naming the field.
 */
export function accountOf(fund: Pick<Fund, 'fundId' | 'bankAccount' | 'bankAccounts'>, accountNumber?: string, path = 'query.accountNumber'): string {
  const account = fundAccount(fund, accountNumber);
  if (!account) {
    const published = fundAccounts(fund).map((a) => a.accountNumber).join(', ');
    throw new UnprocessableError(`Quỹ ${fund.fundId} không có tài khoản ${accountNumber} / Fund ${fund.fundId} has no account ${accountNumber}`, [
      { path, message: `is not one of the fund’s accounts (${published})` },
    ]);
  }
  return `${account.bankBin}/${account.accountNumber}`;
}

function fundOrFail(fund: Fund | null, fundId: string, path: string): Fund {
  if (!fund) throw new UnprocessableError(`Không có quỹ ${fundId} / Unknown fund ${fundId}`, [{ path, message: `unknown fund ${fundId}` }]);
  return fund;
}

function newStatement(fund: Fund, account: string, id: string, fields: Pick<Statement, 'fileName' | 'contentType' | 'source' | 'status' | 'uploadedBy' | 'uploadedAt'> & Partial<Statement>): Statement {
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
  accountNumber?: string;
}

/**
 * A small statement in the request body: validated whole before anything is written (a bad
 * file is a 400 naming row and column), then the statement is created QUEUED and the file
 * stored, which starts the import (the bucket's event). A retried request re-stores a file that
 * did not arrive.
 */
export async function uploadStatement(deps: UploadDeps, input: UploadInput, context: CommandContext): Promise<StoredResponse<Statement>> {
  const fund = fundOrFail(await deps.funds.get(input.fundId), input.fundId, 'query.fundId');
  const account = accountOf(fund, input.accountNumber);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const facts: FileFacts = { ...(await validateFile(deps.statementParser, input.bytes)), size: input.bytes.length, sha256 };
  const response = await executeCommand<Statement>(deps, 'UploadStatement', { fundId: input.fundId, fileName: input.fileName, sha256, account }, context, async (now) => {
    const at = now.toISOString();
    const statement = newStatement(fund, account, newId(now.getTime()), {
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

/** A large statement: the statement is created AWAITING_UPLOAD and the clerk gets a presigned PUT for its file. */
export async function requestStatementUpload(deps: UploadDeps, input: UploadRequest, context: CommandContext) {
  const fund = await deps.funds.get(input.fundId);
  if (!fund) throw new UnprocessableError(`Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]);
  const account = accountOf(fund, input.accountNumber, 'body.accountNumber');
  const response = await executeCommand<Statement>(deps, 'RequestStatementUpload', input, context, async (now) => {
    const statement = newStatement(fund, account, newId(now.getTime()), {
      fileName: input.fileName,
      contentType: input.contentType,
      source: 'presigned',
      status: 'AWAITING_UPLOAD',
      uploadedBy: context.actor,
      uploadedAt: now.toISOString(),
      expectedSize: input.size,
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
