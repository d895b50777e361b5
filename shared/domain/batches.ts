/**
 * Organisations' batches (DESIGN §12.5): a union, a school or a company hands over one list of
 * its members' pledges. Each row is its own pledge, created once whatever the number of uploads:
 * its identity is the organisation's own reference for the row when it gives one, else its fields
 * and its occurrence among equal rows of the file (the first, the second…), as statement lines.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CreatePledgeInput } from './pledges';
import type { FieldError } from '../errors';
import { fold } from './text';

/** A row as the list gives it, validated: the pledge it asks for, and the organisation's own reference. */
export interface BatchRowInput {
  /** The row as a spreadsheet numbers it (the header is row 1). */
  rowNo: number;
  pledge: Omit<CreatePledgeInput, 'fundId'>;
  externalRef?: string;
}

export type BatchRowOutcome = 'created' | 'existing' | 'conflict' | 'refused';

export interface BatchRow extends BatchRowInput {
  /** The identity that keeps a re-upload from creating the row's pledge twice. */
  key: string;
  ref?: string;
  outcome?: BatchRowOutcome;
  /** Why a row was refused when its pledge was made (the fund stopped receiving, a key reused with other details). */
  problem?: string;
}

/** Rows are stored with the batch in chunks of this many. */
export const BATCH_CHUNK_ROWS = 250;
export const MAX_BATCH_ROWS = 10_000;

export interface BatchRowsChunk {
  batchId: string;
  index: number;
  rows: BatchRow[];
  version: number;
}

export type BatchStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED';

export interface Batch {
  id: string;
  orgId: string;
  fundId: string;
  fileName: string;
  sha256: string;
  status: BatchStatus;
  /** Data rows in the file. */
  rows: number;
  accepted: number;
  rejected: number;
  /** The rejected rows' problems, by row and column (`row 12, column "so_tien"`). */
  errors: FieldError[];
  chunks: number;
  /** Chunks whose pledges are all made. */
  chunksDone: number;
  created: number;
  existing: number;
  refused: number;
  uploadedBy: string;
  uploadedAt: string;
  completedAt?: string;
  version: number;
}

function canonicalFields(row: BatchRowInput): string {
  const p = row.pledge;
  const donor = p.donor;
  return [
    donor.type,
    fold(donor.name).trim(),
    donor.taxCode ?? '',
    (donor.email ?? '').toLowerCase(),
    (donor.phone ?? '').replace(/\D/g, ''),
    String(p.amount),
    p.dueDate ?? '',
    p.publishName ? '1' : '0',
    fold(p.message ?? '').trim(),
    p.accountNumber ?? '',
  ].join('\u001f');
}

function hash(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 40);
}

/**
 * Each row's identity within the organisation and the fund: its own reference, or its fields and
 * their occurrence in this file. The same list uploaded again gives the same keys; a longer list
 * adds keys only for its new rows.
 */
export function rowKeys(orgId: string, fundId: string, rows: readonly BatchRowInput[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    if (row.externalRef) return hash(`${orgId}\u001e${fundId}\u001eref\u001e${row.externalRef.trim()}`);
    const fields = canonicalFields(row);
    const occurrence = seen.get(fields) ?? 0;
    seen.set(fields, occurrence + 1);
    return hash(`${orgId}\u001e${fundId}\u001erow\u001e${fields}\u001e${occurrence}`);
  });
}

/** The idempotency key a row's pledge is made under, in the organisation's scope. */
export function rowIdempotencyKey(key: string): string {
  return `row-${key}`;
}

/** The columns a list may have, by field, each under its Vietnamese name and its English one (diacritics and case ignored). */
export const BATCH_COLUMNS = {
  name: ['ho_ten', 'ho ten', 'name', 'ten'],
  amount: ['so_tien', 'so tien', 'amount'],
  type: ['loai', 'type', 'donor_type'],
  taxCode: ['ma_so_thue', 'mst', 'tax_code', 'taxcode'],
  email: ['email'],
  phone: ['dien_thoai', 'so_dien_thoai', 'phone'],
  publishName: ['cong_khai', 'cong_khai_ten', 'publish_name', 'publishname'],
  message: ['loi_nhan', 'message'],
  dueDate: ['han', 'han_nop', 'due_date', 'duedate'],
  accountNumber: ['tai_khoan', 'so_tai_khoan', 'account_number', 'accountnumber'],
  externalRef: ['ma_rieng', 'ma', 'external_ref', 'externalref', 'reference'],
} as const;

export type BatchField = keyof typeof BATCH_COLUMNS;

/** Which field a header cell names, if any. */
export function columnField(header: string): BatchField | undefined {
  const name = fold(header).trim().replace(/\s+/g, '_');
  for (const [field, names] of Object.entries(BATCH_COLUMNS) as [BatchField, readonly string[]][]) {
    if (names.some((candidate) => candidate.replace(/\s+/g, '_') === name)) return field;
  }
  return undefined;
}

/** `co`, `có`, `yes`, `1`, `x` → true; `khong`, `không`, `no`, `0`, empty → false; anything else: undefined. */
export function readYesNo(value: string): boolean | undefined {
  const v = fold(value).trim();
  if (['co', 'yes', 'y', '1', 'x', 'true', 'dong y'].includes(v)) return true;
  if (['', 'khong', 'no', 'n', '0', 'false'].includes(v)) return false;
  return undefined;
}

/** `ca nhan`, `cá nhân`, `individual` → individual; `to chuc`, `organisation` → organisation; empty → individual. */
export function readDonorType(value: string): 'individual' | 'organisation' | undefined {
  const v = fold(value).trim();
  if (['', 'ca nhan', 'individual', 'person'].includes(v)) return 'individual';
  if (['to chuc', 'organisation', 'organization', 'don vi'].includes(v)) return 'organisation';
  return undefined;
}

/** A row's problem as a file position, the way statement files name theirs. */
export function rowColumnPath(rowNo: number, column: string): string {
  return `row ${rowNo}, column "${column}"`;
}
