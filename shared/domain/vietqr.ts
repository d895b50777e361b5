/**
 * NAPAS VietQR payloads (EMVCo merchant-presented QR): a TLV string whose last field is a
 * CRC-16/CCITT-FALSE over everything before it, including the CRC field's own id and length.
 */
export interface VietQrTransfer {
  bankBin: string;
  accountNumber: string;
  amount: number;
  memo: string;
}

const NAPAS_GUID = 'A000000727';
const TRANSFER_TO_ACCOUNT = 'QRIBFTTA';

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`VietQR field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** VietQR memos must be plain ASCII and short; banks drop or mangle anything else. */
export function toMemo(text: string, maxLength = 25): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength)
    .trim();
}

export function encodeVietQr(transfer: VietQrTransfer): string {
  const beneficiary = tlv('00', transfer.bankBin) + tlv('01', transfer.accountNumber);
  const merchantAccount = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', TRANSFER_TO_ACCOUNT);
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('38', merchantAccount) +
    tlv('53', '704') +
    tlv('54', String(transfer.amount)) +
    tlv('58', 'VN') +
    tlv('62', tlv('08', transfer.memo)) +
    '6304';
  return body + crc16(body);
}

function parseTlv(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < text.length) {
    const id = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length)) throw new SyntaxError(`bad TLV at ${at}`);
    fields.set(id, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** Decodes a payload back into the transfer it asks for; throws if the CRC is wrong. */
export function decodeVietQr(payload: string): VietQrTransfer {
  const expected = crc16(payload.slice(0, -4));
  if (payload.slice(-8, -4) !== '6304' || payload.slice(-4) !== expected) {
    throw new SyntaxError('VietQR CRC does not match');
  }
  const top = parseTlv(payload);
  const merchant = parseTlv(top.get('38') ?? '');
  const beneficiary = parseTlv(merchant.get('01') ?? '');
  const additional = parseTlv(top.get('62') ?? '');
  return {
    bankBin: beneficiary.get('00') ?? '',
    accountNumber: beneficiary.get('01') ?? '',
    amount: Number(top.get('54')),
    memo: additional.get('08') ?? '',
  };
}
