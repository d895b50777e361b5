/**
 * What "Find my transfer" shows of a memo (DESIGN §7.1): banks without a sender column (VCB) put
 * the sender's name in the memo, so a memo shown to a stranger keeps only the words transfer
 * memos are made of, and every other word becomes its initial. And what a statement batch adds to
 * the index once a clerk has reversed or replaced a line's receipt.
 */
import { describe, expect, it } from 'vitest';
import { lineId, type LineBatch, type LineRecord } from '../../shared/domain/statements/statement';
import { maskTransfer, matchesTransfer, parseTransferQuery, transfersOfBatch, type TransferEntry } from '../../shared/domain/transfers';

const vcbLine = (memo: string): TransferEntry => ({
  fundId: 'quy-bao-lu',
  day: '2024-09-15',
  amount: 100_000,
  reportDate: '2024-09-16',
  giftId: '01J8Z0000000000000000LINE1',
  receiptId: '01J8Z0000000000000000LINE1',
  source: 'statement',
  memo,
});

describe('names in memos of a bank without a sender column', () => {
  it.each([
    ['NGUYEN VAN AN chuyen tien ung ho bao lu', 'N. V. A. chuyen tien ung ho bao lu', /nguyen|\bvan\b|\ban\b/i],
    ['MBVCB.123456.Tran Thi Bich ung ho dong bao mien Trung', 'MBVCB.***.T. T. B. ung ho dong bao mien Trung', /tran|thi|bich/i],
    ['IBFT LE VAN TRUNG chuyen khoan ung ho dong bao bi bao', 'IBFT L. V. T. chuyen khoan ung ho dong bao bi bao', /\ble\b|\bvan\b|trung/i],
    ['Ho Thi Bao ung ho mien Bac', 'H. T. B. ung ho mien Bac', /\bho thi\b|thi bao/i],
    ['Trần Thị Bích Ngọc gửi ủng hộ đồng bào bị lũ', 'T. T. B. N. gửi ủng hộ đồng bào bị lũ', /trần|bích|ngọc/i],
  ])('%s → %s', (memo, shown, name) => {
    const masked = maskTransfer(vcbLine(memo));
    expect(masked.memo).toBe(shown);
    expect(masked.memo).not.toMatch(name);
  });

  it('masks a word it does not know, and a memo word standing alone (từ may be Tú): when in doubt, an initial', () => {
    expect(maskTransfer(vcbLine('ung ho Yagi tu Hai Phong')).memo).toBe('ung ho Y. T. H. P.');
    expect(maskTransfer(vcbLine('ung ho tu TK 0071000123456')).memo).toBe('ung ho tu TK ***');
  });

  it('keeps a word that is both a name and a memo word only beside the word that makes it a memo word', () => {
    expect(maskTransfer(vcbLine('PHAM TRUNG BAO ung ho')).memo).toBe('P. T. B. ung ho');
    expect(maskTransfer(vcbLine('ung ho mien Trung')).memo).toBe('ung ho mien Trung');
  });
});

describe('the gifts a statement batch holds', () => {
  const line = (lineNo: number, more: Partial<LineRecord>): LineRecord => ({
    lineNo,
    row: lineNo + 7,
    class: 'COUNTED',
    status: 'UNMATCHED',
    direction: 'CREDIT',
    amount: 200_000,
    bankRef: `FT24${lineNo}`,
    memo: 'LE THI NGA ung ho',
    effect: 'RECEIPT',
    receipt: 'RECORDED',
    reasons: [],
    codes: [],
    nearMisses: [],
    importedAt: '2024-09-16T08:00:00Z',
    ...more,
  });
  const batch: LineBatch = {
    statementId: '01J7W8XXMT218GHS8D00000000',
    fundId: 'quy-bao-lu',
    account: '19031932418099',
    firstLineNo: 1,
    lastLineNo: 3,
    valueDate: '2024-09-15',
    writtenAt: '2024-09-16T08:00:00Z',
    version: 3,
    lines: [
      line(1, {}),
      // Discarded as a duplicate after it was counted: its receipt reversed, its class changed.
      line(2, { class: 'DUPLICATE', status: undefined, receipt: 'REVERSED', effect: 'NONE', receiptReversedAt: '2024-09-17T02:00:00Z' }),
      // Matched to a pledge by hand on the 18th: its own receipt reversed, replaced by one linked to the pledge.
      line(3, { status: 'MATCHED', receipt: 'REVERSED', replacedBy: '01J8A00000000000000000REPL', decidedAt: '2024-09-18T03:00:00Z', pledgeRef: 'UHV1EWZE1' }),
    ],
  };

  it('marks a line whose receipt was reversed as reversed, and never offers it', () => {
    const [counted, discarded] = transfersOfBatch(batch);
    expect(counted!.reversed).toBeUndefined();
    expect(discarded).toMatchObject({ giftId: lineId(batch.statementId, 2), reversed: true });
    const query = parseTransferQuery('le nga')!;
    expect(matchesTransfer(counted!, query)).toBe(true);
    expect(matchesTransfer(discarded!, query)).toBe(false);
  });

  it('offers a line matched to a pledge by hand as the receipt that replaced its own, in the report of the day it was matched', () => {
    const matched = transfersOfBatch(batch)[2]!;
    expect(matched).toMatchObject({ giftId: lineId(batch.statementId, 3), receiptId: '01J8A00000000000000000REPL', reportDate: '2024-09-18' });
    expect(matched.reversed).toBeUndefined();
  });
});
