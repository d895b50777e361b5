/**
 * Statement formats: which column holds what. The banks' own layouts are built in and
 * recognised from their header row (DESIGN §9.5); any other bank is handled by a column mapping
 * a clerk saves once (§9.6), which detection tries first.
 */
import * as z from 'zod';
import { ValidationError } from '../../errors';
import { fold } from '../text';
import { DATE_FORMATS, DECIMALS, type Cell, cellText } from './values';

const columnName = z.string().trim().min(1, { error: 'must name a column' }).max(200);

export const ColumnMappingSchema = z
  .object({
    date: columnName,
    time: columnName.optional(),
    reference: columnName.optional(),
    /** One signed column (negative = debit)… */
    amount: columnName.optional(),
    /** …or a debit and a credit column. */
    debit: columnName.optional(),
    credit: columnName.optional(),
    memo: columnName,
    balance: columnName.optional(),
    counterparty: columnName.optional(),
    dateFormat: z.enum(DATE_FORMATS).default('dd/mm/yyyy'),
    /** The decimal separator; the other of `,` and `.` groups thousands; `auto` tells them apart by the digits that follow. */
    decimal: z.enum(DECIMALS),
  })
  .superRefine((m, ctx) => {
    const split = m.debit !== undefined || m.credit !== undefined;
    if (m.amount !== undefined && split) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'give either amount or debit and credit, not both' });
    } else if (m.amount === undefined && (m.debit === undefined || m.credit === undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.debit === undefined ? 'debit' : 'credit'], message: 'give either amount or both debit and credit' });
    }
  });

export type ColumnMapping = z.output<typeof ColumnMappingSchema>;
export type ColumnMappingInput = z.input<typeof ColumnMappingSchema>;

export interface StatementFormat {
  id: string;
  label: string;
  mapping: ColumnMapping;
  /** The bank whose layout this is (its BIN), when the layout is one bank's. */
  bankBin?: string;
}

export const FIELDS = ['date', 'time', 'reference', 'amount', 'debit', 'credit', 'memo', 'balance', 'counterparty'] as const;
export type Field = (typeof FIELDS)[number];

export const BUILT_IN_FORMATS: readonly StatementFormat[] = [
  {
    id: 'native',
    label: 'Vietnamese core-banking layout (STT, Ngày giao dịch, Số tham chiếu, signed Số tiền)',
    mapping: {
      date: 'Ngày giao dịch',
      reference: 'Số tham chiếu',
      amount: 'Số tiền',
      balance: 'Số dư',
      memo: 'Nội dung giao dịch',
      dateFormat: 'dd/mm/yyyy',
      decimal: ',',
    },
  },
  {
    id: 'vcb',
    label: 'Vietcombank (TNXDate, DocNo, Debit, Credit)',
    mapping: {
      date: 'TNXDate',
      reference: 'DocNo',
      debit: 'Debit',
      credit: 'Credit',
      balance: 'Balance',
      memo: 'Transactions in Detail',
      dateFormat: 'dd/mm/yyyy',
      decimal: ',',
    },
  },
  {
    id: 'vcb-export',
    label: "Vietcombank's own export (Ngày giao dịch, Số tham chiếu, Số tiền ghi nợ, Số tiền ghi có, Nội dung / Mô tả)",
    bankBin: '970436',
    mapping: {
      date: 'Ngày giao dịch',
      reference: 'Số tham chiếu',
      debit: 'Số tiền ghi nợ',
      credit: 'Số tiền ghi có',
      balance: 'Số dư',
      memo: 'Nội dung / Mô tả',
      dateFormat: 'dd/mm/yyyy',
      decimal: 'auto',
    },
  },
  {
    id: 'bidv',
    label: 'BIDV (STT, Ngày hiệu lực, Ghi nợ, Ghi có, Số dư, Mô tả)',
    bankBin: '970418',
    mapping: {
      date: 'Ngày hiệu lực',
      debit: 'Ghi nợ',
      credit: 'Ghi có',
      balance: 'Số dư',
      memo: 'Mô tả',
      dateFormat: 'dd/mm/yyyy',
      decimal: 'auto',
    },
  },
  {
    id: 'mb',
    label: 'MB (STT, Ngày hạch toán, Ngày giao dịch, Số bút toán, Phát sinh nợ, Phát sinh có, Số dư, Nội dung)',
    bankBin: '970422',
    mapping: {
      // The booking date is the value date; the transaction's own moment gives the time.
      date: 'Ngày hạch toán',
      time: 'Ngày giao dịch',
      reference: 'Số bút toán',
      debit: 'Phát sinh nợ',
      credit: 'Phát sinh có',
      balance: 'Số dư',
      memo: 'Nội dung',
      dateFormat: 'dd/mm/yyyy',
      decimal: 'auto',
    },
  },
  {
    id: 'techcombank',
    label: 'Techcombank (Date, Remitter, Remitter bank, Details, Transaction No, Debit, Credit, Balance)',
    bankBin: '970407',
    mapping: {
      date: 'Date',
      reference: 'Transaction No',
      debit: 'Debit',
      credit: 'Credit',
      balance: 'Balance',
      memo: 'Details',
      counterparty: 'Remitter',
      dateFormat: 'dd/mm/yyyy',
      decimal: 'auto',
    },
  },
  {
    id: 'vietinbank',
    label: 'VietinBank or Agribank, re-typed from the PDF (PageId, Date, Time, ReferenceNumber, DebitAmount, CreditAmount, Balance)',
    mapping: {
      date: 'Date',
      time: 'Time',
      reference: 'ReferenceNumber',
      debit: 'DebitAmount',
      credit: 'CreditAmount',
      balance: 'Balance',
      memo: 'TransactionDetails',
      counterparty: 'OffsetAccount',
      dateFormat: 'dd/mm/yyyy',
      decimal: '.',
    },
  },
];

/** Validates a saved mapping; problems come back as a ValidationError on `mapping.<field>`. */
export function customFormat(id: string, mapping: ColumnMappingInput, label = `Saved mapping ${id}`): StatementFormat {
  const parsed = ColumnMappingSchema.safeParse(mapping);
  if (!parsed.success) {
    throw new ValidationError(
      'The saved column mapping is not valid',
      parsed.error.issues.map((issue) => ({ path: ['mapping', ...issue.path].join('.'), message: issue.message })),
    );
  }
  return { id, label, mapping: parsed.data };
}

/** Header cells are compared without diacritics, case, spaces or punctuation: exports vary in all four. */
export function headerKey(cell: Cell): string {
  return fold(cellText(cell)).replace(/[^a-z0-9]/g, '');
}

export interface ResolvedColumn {
  index: number;
  name: string;
}

export interface ResolvedFormat {
  format: StatementFormat;
  columns: Partial<Record<Field, ResolvedColumn>>;
  header: string[];
}

export interface HeaderAttempt {
  format: StatementFormat;
  found: number;
  missing: string[];
}

/** Resolves one format against a header row: every column the mapping names must be present. */
export function resolveFormat(format: StatementFormat, headerCells: readonly Cell[]): ResolvedFormat | HeaderAttempt {
  const positions = new Map<string, number>();
  headerCells.forEach((cell, index) => {
    const key = headerKey(cell);
    if (key !== '' && !positions.has(key)) positions.set(key, index);
  });
  const columns: Partial<Record<Field, ResolvedColumn>> = {};
  const missing: string[] = [];
  let found = 0;
  for (const field of FIELDS) {
    const name = format.mapping[field];
    if (name === undefined) continue;
    const index = positions.get(headerKey(name));
    if (index === undefined) missing.push(name);
    else {
      found++;
      columns[field] = { index, name: cellText(headerCells[index]).trim() };
    }
  }
  if (missing.length > 0) return { format, found, missing };
  return { format, columns, header: headerCells.map((c) => cellText(c).trim()) };
}

export function isResolved(r: ResolvedFormat | HeaderAttempt): r is ResolvedFormat {
  return 'columns' in r;
}

/**
 * Saved mappings are tried first so a clerk can override a built-in layout. Among the built-in
 * layouts, the most specific that fits wins: a header with the columns of two layouts (MB's has
 * the core-banking layout's inside it) is the one that names more of them.
 */
export function detectFormat(
  headerCells: readonly Cell[],
  formats: readonly StatementFormat[] = [],
): { resolved: ResolvedFormat } | { best: HeaderAttempt | undefined } {
  let best: HeaderAttempt | undefined;
  for (const format of formats) {
    const r = resolveFormat(format, headerCells);
    if (isResolved(r)) return { resolved: r };
    if (!best || r.found > best.found) best = r;
  }
  let fitting: ResolvedFormat | undefined;
  for (const format of BUILT_IN_FORMATS) {
    const r = resolveFormat(format, headerCells);
    if (isResolved(r)) {
      if (!fitting || Object.keys(r.columns).length > Object.keys(fitting.columns).length) fitting = r;
    } else if (!best || r.found > best.found) best = r;
  }
  return fitting ? { resolved: fitting } : { best };
}
