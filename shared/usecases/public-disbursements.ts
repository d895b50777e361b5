import { NotFoundError } from '../errors';
import type { Stores } from './ports';

const PUBLISHED = new Set(['APPROVED', 'PAID', 'CONFIRMED']);

/** Where the money went: approved and paid disbursements, without who typed them in, with each evidence file's SHA-256. */
export async function publicDisbursements(deps: Pick<Stores, 'funds' | 'disbursements'>, fundId: string) {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`No fund ${fundId}`);
  const all = await deps.disbursements.listByFund(fundId);
  return {
    items: all
      .filter((d) => PUBLISHED.has(d.status))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((d) => ({
        ref: d.ref,
        beneficiary: 'wardCode' in d.beneficiary ? { wardCode: d.beneficiary.wardCode, wardName: d.beneficiary.wardName } : { organisation: d.beneficiary.organisation.name },
        amount: d.amount,
        purpose: d.purpose,
        status: d.status,
        approvedAt: d.approvedAt,
        paidAt: d.paidAt,
        confirmedAt: d.confirmedAt,
        evidenceCount: d.evidence.length,
        // What anyone can hash a copy of the file against: the digest journaled when it was filed.
        evidence: d.evidence.map((file) => ({ fileName: file.fileName, contentType: file.contentType, ...(file.sha256 ? { sha256: file.sha256 } : {}), addedAt: file.addedAt })),
      })),
  };
}
