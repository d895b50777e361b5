import { describe, expect, it } from 'vitest';
import { certificateFacts, certificatePath, publishedDonor, verifyLeafPath, type GiftLine } from '../../web/src/certificate-facts';

const receipt = (amount: number, details: GiftLine['details'] = { donor: 'Trần Văn Bình', method: 'bank', pledgeRef: 'UHV1EWZE1' }): GiftLine => ({
  type: 'RECEIPT_RECORDED',
  fundId: 'bao-lu-2025',
  day: '2025-09-02',
  entityRef: '01K4RECEIPT0000000000000000',
  deltas: { received: amount, receiptCount: 1 },
  details,
});

describe('a certificate states the amount in figures and in words, from the signed line', () => {
  it.each([
    [1, '1 ₫', 'Một đồng', 'One dong'],
    [15, '15 ₫', 'Mười lăm đồng', 'Fifteen dong'],
    [21, '21 ₫', 'Hai mươi mốt đồng', 'Twenty-one dong'],
    [105, '105 ₫', 'Một trăm lẻ năm đồng', 'One hundred five dong'],
    [1_005_000, '1.005.000 ₫', 'Một triệu không trăm lẻ năm nghìn đồng', 'One million five thousand dong'],
    [1_000_000_000_000, '1.000.000.000.000 ₫', 'Một nghìn tỷ đồng', 'One trillion dong'],
    [Number.MAX_SAFE_INTEGER, '9.007.199.254.740.991 ₫', expect.stringMatching(/^Chín triệu .* tỷ .* chín mươi mốt đồng$/), expect.stringMatching(/^Nine quadrillion .* ninety-one dong$/)],
  ])('%i đồng', (amount, figures, vi, en) => {
    const facts = certificateFacts(receipt(amount))!;
    expect(facts.amount).toBe(amount);
    expect(facts.figures.vi).toBe(figures);
    expect(facts.words).toEqual({ vi, en });
    expect(facts.kind).toBe('received');
  });

  it('names the pledge the money came for, else the entry itself', () => {
    expect(certificateFacts(receipt(100_000))!.ref).toBe('UHV1EWZE1');
    expect(certificateFacts(receipt(100_000, { donor: 'Nhà hảo tâm', method: 'bank' }))!.ref).toBe('01K4RECEIPT0000000000000000');
  });

  it('certifies a pledge as a pledge, and nothing that is not a gift: a reversal, a zero, a disbursement', () => {
    const pledge: GiftLine = { type: 'PLEDGE_MADE', fundId: 'f', day: '2025-09-01', entityRef: 'UHV1EWZE1', deltas: { pledged: 500_000, pledgeCount: 1 }, details: { donor: 'Nhà hảo tâm', donorType: 'individual' } };
    expect(certificateFacts(pledge)).toMatchObject({ kind: 'pledged', amount: 500_000, ref: 'UHV1EWZE1', donor: 'Nhà hảo tâm' });
    expect(certificateFacts({ ...receipt(100_000), type: 'RECEIPT_REVERSED', deltas: { received: -100_000 } })).toBeNull();
    expect(certificateFacts(receipt(0))).toBeNull();
    expect(certificateFacts({ ...receipt(100_000), type: 'DISBURSEMENT_PAID', deltas: { disbursed: 100_000 } })).toBeNull();
  });
});

describe('a certificate shows the donor only as the line publishes it', () => {
  it('shows the consented name the line carries', () => {
    expect(certificateFacts(receipt(100_000))!.donor).toBe('Trần Văn Bình');
  });

  it('shows "Nhà hảo tâm" when the line has no name, an empty one or not a string', () => {
    expect(publishedDonor({})).toBe('Nhà hảo tâm');
    expect(publishedDonor({ donor: '   ' })).toBe('Nhà hảo tâm');
    expect(publishedDonor({ donor: 42 })).toBe('Nhà hảo tâm');
  });

  it('masks a phone number written into a name before names were masked on entry', () => {
    const donor = publishedDonor({ donor: 'Chị Lan 0912 345 678' });
    expect(donor).not.toMatch(/345|678/);
    expect(donor).toContain('Chị Lan');
  });

  it('never reads another field of the line for the donor', () => {
    expect(publishedDonor({ donorName: 'Nguyễn Văn A', memo: 'Nguyễn Văn A ung ho' })).toBe('Nhà hảo tâm');
  });
});

describe('the certificate and its verification page have one address each', () => {
  it('puts fund, report day and leaf in the path and in the verify query', () => {
    expect(certificatePath('bao-lu-2025', '2025-09-02', 7)).toBe('/certificate/bao-lu-2025/2025-09-02/7');
    expect(verifyLeafPath('bao-lu-2025', '2025-09-02', 7)).toBe('/verify?fund=bao-lu-2025&date=2025-09-02&leaf=7');
  });
});
