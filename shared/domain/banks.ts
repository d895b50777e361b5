/**
 * The banks a fund may publish an account at: NAPAS's VietQR bank list (the BIN a VietQR payload
 * names the bank by), with the lengths each bank's account numbers have. One source for the
 * console's bank picker, the fund's validation and the VietQR payload.
 *
 * The lengths are each bank's published numbering, including the "số đẹp" (chosen-number)
 * accounts several banks sell; they are data, to be updated when a bank changes its scheme.
 */
export interface Bank {
  /** NAPAS bank identification number: what a VietQR payload names the bank by. */
  bin: string;
  /** The name people know the bank by, as its VietQR entry spells it. */
  shortName: string;
  name: string;
  /** Every length an account number at this bank has. */
  accountLengths: readonly number[];
}

export const BANKS: readonly Bank[] = [
  { bin: '970436', shortName: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam', accountLengths: [10, 13] },
  { bin: '970415', shortName: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam', accountLengths: [12] },
  { bin: '970418', shortName: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam', accountLengths: [10, 12, 14] },
  { bin: '970405', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam', accountLengths: [13] },
  { bin: '970407', shortName: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam', accountLengths: [10, 12, 14] },
  { bin: '970422', shortName: 'MBBank', name: 'Ngân hàng TMCP Quân đội', accountLengths: [9, 10, 11, 12, 13] },
  { bin: '970416', shortName: 'ACB', name: 'Ngân hàng TMCP Á Châu', accountLengths: [6, 7, 8, 9] },
  { bin: '970403', shortName: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín', accountLengths: [12] },
  { bin: '970432', shortName: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng', accountLengths: [8, 9, 10] },
  { bin: '970423', shortName: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong', accountLengths: [11] },
  { bin: '970441', shortName: 'VIB', name: 'Ngân hàng TMCP Quốc tế Việt Nam', accountLengths: [12, 15] },
  { bin: '970443', shortName: 'SHB', name: 'Ngân hàng TMCP Sài Gòn – Hà Nội', accountLengths: [10, 13] },
  { bin: '970437', shortName: 'HDBank', name: 'Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh', accountLengths: [12, 14] },
  { bin: '970426', shortName: 'MSB', name: 'Ngân hàng TMCP Hàng Hải', accountLengths: [14] },
  { bin: '970448', shortName: 'OCB', name: 'Ngân hàng TMCP Phương Đông', accountLengths: [13, 14] },
  { bin: '970431', shortName: 'Eximbank', name: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam', accountLengths: [12, 14] },
  { bin: '970429', shortName: 'SCB', name: 'Ngân hàng TMCP Sài Gòn', accountLengths: [12, 13] },
  { bin: '970454', shortName: 'VietCapitalBank', name: 'Ngân hàng TMCP Bản Việt', accountLengths: [10, 12] },
  { bin: '970449', shortName: 'LPBank', name: 'Ngân hàng TMCP Lộc Phát Việt Nam', accountLengths: [9, 12] },
  { bin: '970440', shortName: 'SeABank', name: 'Ngân hàng TMCP Đông Nam Á', accountLengths: [12, 14] },
];

export function bankByBin(bin: string): Bank | undefined {
  return BANKS.find((bank) => bank.bin === bin);
}

/** Why an account number does not fit its bank, in Vietnamese and English; null when it fits. */
export function accountNumberProblem(bin: string, accountNumber: string): string | null {
  const bank = bankByBin(bin);
  if (!bank) return `không có ngân hàng mã BIN ${bin} trong danh sách VietQR / no bank with BIN ${bin} in the VietQR list`;
  if (!/^\d+$/.test(accountNumber)) return 'số tài khoản chỉ gồm chữ số / an account number has digits only';
  if (!bank.accountLengths.includes(accountNumber.length)) {
    const lengths = bank.accountLengths.join(', ');
    return `số tài khoản ${bank.shortName} có ${lengths} chữ số, không phải ${accountNumber.length} / a ${bank.shortName} account number has ${lengths} digits, not ${accountNumber.length}`;
  }
  return null;
}
