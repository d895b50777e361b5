import type { PlanHeader, PlanWard } from '../../domain/plans';

/** A fund's allocation plan: its header and its wards, written only by commands (`planHeader`, `planWard` ops). */
export interface PlanStore {
  /** Strongly consistent; null before the fund's first plan. */
  header(fundId: string): Promise<PlanHeader | null>;
  /** Every ward the plan or an approval has touched, by ward code, strongly consistent. */
  wards(fundId: string): Promise<PlanWard[]>;
  ward(fundId: string, wardCode: string): Promise<PlanWard | null>;
}
