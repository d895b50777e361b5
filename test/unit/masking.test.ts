/**
 * Personal data in memos and names (Decree 13/2023/NĐ-CP): phone numbers however they are
 * grouped, e-mails and account numbers are masked by the report's masker (everything published)
 * and by the statements' masker (exports that keep the last three digits).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { maskAccountNumbers } from '../../shared/domain/statements/privacy';
import { maskContactDetails, maskPersonalData } from '../../shared/reports/privacy';
import { publicDonors } from '../../shared/usecases/donors';
import { createPledge, getPublicPledge } from '../../shared/usecases/pledges';
import { ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../support/memory-ledger';

describe('masking a memo', () => {
  it.each([
    ['goi 0912 345 678 nhe', 'goi *** nhe', 'goi **** *** 678 nhe'],
    ['goi 0912.345.678 nhe', 'goi *** nhe', 'goi ****.***.678 nhe'],
    ['sdt +84 912-345-678 ung ho', 'sdt *** ung ho', 'sdt +** ***-***-678 ung ho'],
    ['email lan.nguyen@example.com nhe', 'email *** nhe', 'email l***@example.com nhe'],
    ['CT tu TK 1071054451631 ung ho MTTQ', 'CT tu TK *** ung ho MTTQ', 'CT tu TK **********631 ung ho MTTQ'],
    ['MBVCB.2692481286.ung ho', 'MBVCB.***.ung ho', 'MBVCB.*******286.ung ho'],
    // Grouped with more than one separator at a time, or with brackets.
    ['goi 0912  345  678 nhe', 'goi *** nhe', 'goi ****  ***  678 nhe'],
    ['goi 0912 - 345 - 678 nhe', 'goi *** nhe', 'goi **** - *** - 678 nhe'],
    ['sdt (+84) 912 345 678', 'sdt ***', 'sdt (+**) *** *** 678'],
    ['sdt +84 (0)912 345 678', 'sdt ***', 'sdt +** (*)*** *** 678'],
    ['tk 1071 - 0544 - 5163', 'tk ***', 'tk **** - **** - *163'],
  ])('%j', (memo, published, exported) => {
    expect(maskContactDetails(memo)).toBe(published);
    expect(maskAccountNumbers(memo)).toBe(exported);
  });

  it('keeps reference codes, short numbers and dates', () => {
    expect(maskPersonalData('UH1234567 ung ho 500k ngay 01/09')).toBe('UH1234567 ung ho 500k ngay 01/09');
    expect(maskAccountNumbers('ung ho 1.000.000d UH628XGG2 bao so 3 nam 2024')).toBe('ung ho 1.000.000d UH628XGG2 bao so 3 nam 2024');
  });
});

describe('a donor’s name in public', () => {
  let ledger: MemoryLedger;
  beforeEach(() => {
    ledger = memoryLedger();
  });

  it('is masked in the donor list and the public pledge view as in the report', async () => {
    const made = await createPledge(
      ledger.stores,
      { fundId: OPEN_FUND.fundId, donor: { type: 'individual', name: 'Lan 0912 - 345 - 678' }, amount: 100_000, publishName: true },
      // Entered at the committee's desk: a stranger's name would not show before money arrives (DESIGN §8).
      ctx('staff:an'),
    );
    const page = await publicDonors(ledger.stores, OPEN_FUND.fundId, { limit: 10 });
    expect(page.items.map((i) => i.name)).toEqual(['Lan ***']);
    expect((await getPublicPledge(ledger.stores, made.body.ref)).donorName).toBe('Lan ***');
  });
});
