import { describe, expect, it } from 'vitest';
import { crc16, decodeVietQr, encodeVietQr, toMemo } from '../../shared/domain/vietqr';

describe('VietQR payloads', () => {
  it('uses CRC-16/CCITT-FALSE (check value 29B1)', () => {
    expect(crc16('123456789')).toBe('29B1');
  });

  it('round-trips the account, amount and memo', () => {
    const transfer = { bankBin: '970436', accountNumber: '0071000000079', amount: 1_000_000, memo: 'UHV1EWZE1 ung ho' };
    const payload = encodeVietQr(transfer);
    expect(payload.startsWith('000201010212')).toBe(true);
    expect(payload).toContain('A000000727');
    expect(payload).toContain('5303704');
    expect(decodeVietQr(payload)).toEqual(transfer);
  });

  it('rejects a payload whose CRC does not match', () => {
    const payload = encodeVietQr({ bankBin: '970436', accountNumber: '1', amount: 5, memo: 'X' });
    expect(() => decodeVietQr(payload.replace('5802VN', '5802VM'))).toThrow(/CRC/);
  });

  it('makes memos plain ASCII within 25 characters', () => {
    expect(toMemo('UHV1EWZE1 ủng hộ đồng bào miền Bắc')).toBe('UHV1EWZE1 ung ho dong bao');
  });
});
