/**
 * What "Find my transfer" shows of a memo (DESIGN §7.1): banks without a sender column (VCB) put
 * the sender's name in the memo, so a memo shown to a stranger keeps only the words transfer
 * memos are made of, and every other word becomes its initial. And what a statement batch adds to
 * the index once a clerk has reversed or replaced a line's receipt.
 */
import { describe, expect, it } from 'vitest';
import { lineId, type LineBatch, type LineRecord } from '../../shared/domain/statements/statement';
import { seededRng } from '../support/simulation';
import { EVERY_GIFT_KEY, maskTransfer, matchesTransfer, parseTransferQuery, standsForReplacement, transferKeysOf, transferQueryKeys, transfersOfBatch, type TransferEntry } from '../../shared/domain/transfers';

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

  it('tells the hand-matched line, whose replacing receipt the batch never records as reversed, from the lines that stand for their own', () => {
    expect(transfersOfBatch(batch).map(standsForReplacement)).toEqual([false, false, true]);
  });
});

describe('the keys a gift is found by', () => {
  it('keeps a key for each word of the name and memo that is not memo vocabulary, each account, and one every gift has', () => {
    expect(transferKeysOf(vcbLine('MBVCB.123456.Tran Thi Bich ung ho dong bao mien Trung TK 0071000555999')).sort()).toEqual(
      [EVERY_GIFT_KEY, 'w:tran', 'w:thi', 'w:bich', 'a:654321', 'a:9995550001700'].sort(),
    );
    expect(transferKeysOf(vcbLine('100000.050924.101112.Ung ho dong bao mien Bac khac phuc bao Yagi'))).toHaveLength(3);
  });

  it('reads a word of the query that starts no memo vocabulary word, the longest first, and every gift when there is none', () => {
    expect(transferQueryKeys(parseTransferQuery('tran thi bich')!)).toEqual(['w:tran', 'w:bich']);
    expect(transferQueryKeys(parseTransferQuery('ho bao')!)).toEqual([EVERY_GIFT_KEY]);
    // "ngu" starts nguoi (nguoi dan): a gift may match it by a word without a key.
    expect(transferQueryKeys(parseTransferQuery('ngu yagi')!)).toEqual(['w:yagi']);
    expect(transferQueryKeys(parseTransferQuery('1234')!)).toEqual(['a:4321']);
  });

  it('gives every gift a query matches a key starting with each key the query reads, for memos, names and queries made of memo words and names', () => {
    const words = ['ung', 'ho', 'dong', 'bao', 'mien', 'trung', 'bac', 'lu', 'nguoi', 'dan', 'tu', 'thien', 'ck', 'mbvcb', 'nguyen', 'thi', 'van', 'an', 'anh', 'hoa', 'trang', 'yagi', 'dao', 'do', 'tien', 'chuyen', 'tuan'];
    const rng = seededRng(7);
    const pick = (count: number) => Array.from({ length: count }, () => rng.pick(words));
    const gifts = Array.from({ length: 400 }, (_, i) => ({ ...vcbLine(`${pick(rng.int(1, 8)).join(' ')} ${rng.chance(0.5) ? `TK 00710${String(i).padStart(8, '0')}` : ''}`), giftId: `G${i}` }));
    let checked = 0;
    for (let q = 0; q < 400; q++) {
      const text = pick(rng.int(1, 3))
        .map((word) => word.slice(0, rng.int(2, word.length)))
        .join(' ');
      const query = parseTransferQuery(text);
      if (!query) continue;
      const readKeys = transferQueryKeys(query);
      for (const gift of gifts.filter((entry) => matchesTransfer(entry, query))) {
        const keys = transferKeysOf(gift);
        for (const start of readKeys) expect(keys.some((key) => key.startsWith(start)), `${text}: ${gift.memo} has no key starting ${start}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
