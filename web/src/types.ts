/** API types, inferred from the zod schemas that are the single source of truth (type-only: nothing is bundled). */
import type { z } from 'zod';
import type { AdminUnit as AdminUnitSchema, Fund as FundSchema, FundTotals as FundTotalsSchema } from '../../shared/schemas/funds';
import type { PledgeCreated as PledgeCreatedSchema, PublicPledge as PublicPledgeSchema } from '../../shared/schemas/pledges';
import type { StatementView as StatementViewSchema } from '../../shared/schemas/statements';
import type { StatementLineView as StatementLineSchema } from '../../shared/schemas/reconciliation';
import type { InclusionProofs as InclusionProofsSchema, ReportList as ReportListSchema, ReportKeys as ReportKeysSchema } from '../../shared/schemas/reports';
import type { Disbursement as DomainDisbursement } from '../../shared/domain/disbursements';
import type { JournalEntry as DomainJournalEntry } from '../../shared/domain/journal';

export type Fund = z.infer<typeof FundSchema>;
export type FundTotals = z.infer<typeof FundTotalsSchema>;
export type AdminUnit = z.infer<typeof AdminUnitSchema>;
export type PledgeCreated = z.infer<typeof PledgeCreatedSchema>;
export type PublicPledge = z.infer<typeof PublicPledgeSchema>;
export type ReportList = z.infer<typeof ReportListSchema>;
export type ReportListItem = ReportList['items'][number];
export type ReportKeys = z.infer<typeof ReportKeysSchema>;
export type InclusionProofs = z.infer<typeof InclusionProofsSchema>;
export type Disbursement = DomainDisbursement;
export type JournalEntry = DomainJournalEntry;

/** GET /v1/funds/{fundId}/disbursements: what the public sees (no staff names). */
export interface PublicDisbursement {
  ref: string;
  beneficiary: { wardCode: string; wardName?: string } | { organisation: string };
  amount: number;
  purpose: string;
  status: 'APPROVED' | 'PAID' | 'CONFIRMED';
  approvedAt?: string;
  paidAt?: string;
  confirmedAt?: string;
  evidenceCount: number;
  evidence: { fileName: string; contentType: string; sha256?: string; addedAt: string }[];
}

/** A statement import as the API shows it (progress and summary) and one of its lines. */
export type StatementView = z.infer<typeof StatementViewSchema>;
export type StatementLine = z.infer<typeof StatementLineSchema>;
