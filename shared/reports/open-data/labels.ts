/**
 * Every sentence the open-data files say, Vietnamese first with English beside it. Texts built
 * from journal data (purposes, names) arrive already masked by flows.ts.
 */
import { formatVnd, formatVndEnglish } from '../../domain/format';
import type { IncomingDay, Recipient } from './flows';
import type { GoodsMovement, OpenDataFund } from './model';

export interface Bilingual {
  vi: string;
  en: string;
}

export const UNNAMED_DONORS: Bilingual = {
  vi: 'Nhà hảo tâm: cá nhân và tổ chức không nêu tên (cộng theo ngày)',
  en: 'Individual donors and organisations not named (summed per day)',
};

export function incomingDescription(row: IncomingDay): Bilingual {
  const n = row.count;
  if (row.kind === 'pledge') {
    return row.direction > 0
      ? { vi: `Đăng ký ủng hộ ngày ${row.day}: ${n} lượt`, en: `Pledges made on ${row.day}: ${n}` }
      : { vi: `Hủy đăng ký ủng hộ ngày ${row.day}: ${n} lượt`, en: `Pledges cancelled on ${row.day}: ${n}` };
  }
  return row.direction > 0
    ? { vi: `Tiền ủng hộ nhận được ngày ${row.day}: ${n} khoản`, en: `Donations received on ${row.day}: ${n}` }
    : { vi: `Điều chỉnh giảm tiền đã ghi nhận ngày ${row.day}: ${n} khoản`, en: `Receipts reversed on ${row.day}: ${n}` };
}

export type DisbursementStep = 'approved' | 'withdrawn' | 'paid';

export function disbursementDescription(step: DisbursementStep, ref: string, purpose: string): Bilingual {
  const what = purpose ? `: ${purpose}` : '';
  switch (step) {
    case 'approved':
      return { vi: `Duyệt chi ${ref}${what}`, en: `Disbursement ${ref} approved${what}` };
    case 'withdrawn':
      return { vi: `Hủy khoản chi đã duyệt ${ref}${what}`, en: `Approved disbursement ${ref} cancelled${what}` };
    case 'paid':
      return { vi: `Đã chi ${ref}${what}`, en: `Disbursement ${ref} paid${what}` };
  }
}

/** The recipient's own name; an organisation whose entry lost its name is still shown as one. */
export function shortName(recipient: Recipient): string {
  return recipient.name || (recipient.kind === 'unit' ? recipient.code : 'Tổ chức / Organisation');
}

export function recipientName(recipient: Recipient): Bilingual {
  const name = shortName(recipient);
  if (recipient.kind === 'organisation') return { vi: name, en: name };
  return { vi: `${name} (mã ĐVHC ${recipient.code})`, en: `${name} (administrative unit ${recipient.code})` };
}

export function unitDescription(code: string): Bilingual {
  return {
    vi: `Đơn vị hành chính cấp xã, mã ${code} theo danh mục đơn vị hành chính năm 2025`,
    en: `Commune-level administrative unit, code ${code} in Viet Nam's 2025 list of administrative units`,
  };
}

export function fundDescription(fund: Pick<OpenDataFund, 'name' | 'purpose' | 'committee'>): Bilingual {
  return (
    fund.purpose ?? {
      vi: `${fund.name.vi}, do ${fund.committee.name.vi} vận động và phân bổ`,
      en: `${fund.name.en}, raised and distributed by ${fund.committee.name.en}`,
    }
  );
}

export const GOODS_RESULT: Bilingual = { vi: 'Hàng hóa hiện vật đã nhận và đã trao', en: 'Goods in kind received and handed over' };

export function goodsIndicatorTitle(goods: Pick<GoodsMovement, 'direction' | 'description' | 'unit'>): Bilingual {
  return goods.direction === 'received'
    ? { vi: `${goods.description.vi} (${goods.unit.vi}) đã nhận`, en: `${goods.description.en} (${goods.unit.en}) received` }
    : { vi: `${goods.description.vi} (${goods.unit.vi}) đã trao`, en: `${goods.description.en} (${goods.unit.en}) handed over` };
}

export function estimatedValue(amount: number): Bilingual {
  return { vi: `Giá trị ước tính: ${formatVnd(amount)}`, en: `Estimated value: ${formatVndEnglish(amount)}` };
}

export function grantTitle(fund: Pick<OpenDataFund, 'name'>, recipient: Recipient): string {
  return `${shortName(recipient)}: ${fund.name.vi} / ${fund.name.en}`;
}

export function grantDescription(ref: string, purpose: string, recipient: Recipient): string {
  const unit = recipient.kind === 'unit' ? ` (mã ĐVHC ${recipient.code})` : '';
  const unitEn = recipient.kind === 'unit' ? ` (administrative unit ${recipient.code})` : '';
  const what = purpose || 'không ghi mục đích';
  const whatEn = purpose || 'no purpose recorded';
  const name = shortName(recipient);
  return `Khoản chi ${ref} cho ${name}${unit}: ${what}. / Disbursement ${ref} to ${name}${unitEn}: ${whatEn}.`;
}
