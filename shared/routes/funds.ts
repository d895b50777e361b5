/** Funds, their live totals and where their money went, and the communes donors and payouts name: public. */
import {
  AdminUnitList,
  AdminUnitQuery,
  Fund,
  FundDaysQuery,
  FundDayTotals,
  FundDisbursements,
  FundDonors,
  FundDonorsQuery,
  FundGoods,
  FundList,
  FundPlan,
  FundWardTotals,
} from '../schemas/funds';
import { FundParams } from '../schemas/common';
import { TransferSearchQuery, TransferSearchResult } from '../schemas/transfers';
import { PUBLIC, route, type RouteArea, type RouteTag } from './route';

export const FUNDS_TAG: RouteTag = {
  name: 'Funds',
  description: 'Quỹ, số liệu trực tiếp, tiền đã đi đâu, danh mục xã phường / Funds, live totals, where the money went, and the communes and wards',
};
const tag = FUNDS_TAG.name;
const LIVE = 'public, max-age=5, stale-while-revalidate=30';

export const ListFunds = route({
  id: 'ListFunds',
  method: 'GET',
  path: '/v1/funds',
  entry: 'functions/funds/list.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Danh sách quỹ và số liệu', en: 'List funds with live totals' },
  cache: LIVE,
  schemas: { response: FundList },
});

export const GetFund = route({
  id: 'GetFund',
  method: 'GET',
  path: '/v1/funds/{fundId}',
  entry: 'functions/funds/get.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Chi tiết một quỹ', en: 'One fund with live totals' },
  cache: LIVE,
  schemas: { params: FundParams, response: Fund },
});

export const ListFundWards = route({
  id: 'ListFundWards',
  method: 'GET',
  path: '/v1/funds/{fundId}/wards',
  entry: 'functions/funds/wards.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Số liệu của quỹ theo xã, phường, đặc khu', en: 'Live totals of a fund per ward and commune' },
  cache: LIVE,
  schemas: { params: FundParams, response: FundWardTotals },
});

export const ListFundDays = route({
  id: 'ListFundDays',
  method: 'GET',
  path: '/v1/funds/{fundId}/days',
  entry: 'functions/funds/days.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Số liệu của quỹ theo ngày (giờ Việt Nam)', en: 'Live totals of a fund per day, Vietnam time' },
  cache: LIVE,
  schemas: { params: FundParams, query: FundDaysQuery, response: FundDayTotals },
});

export const SearchAdminUnits = route({
  id: 'SearchAdminUnits',
  method: 'GET',
  path: '/v1/admin-units',
  entry: 'functions/admin-units/search.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Tìm xã, phường, đặc khu (không dấu cũng được)', en: 'Search communes and wards, diacritic-insensitive' },
  cache: 'public, max-age=86400',
  schemas: { query: AdminUnitQuery, response: AdminUnitList },
});

export const ListFundDisbursements = route({
  id: 'ListFundDisbursements',
  method: 'GET',
  path: '/v1/funds/{fundId}/disbursements',
  entry: 'functions/funds/disbursements.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Tiền đã đi đâu: các khoản giải ngân của quỹ', en: 'Where the money went: disbursements of a fund' },
  cache: 'public, max-age=30',
  schemas: { params: FundParams, response: FundDisbursements },
});

export const ListFundDonors = route({
  id: 'ListFundDonors',
  method: 'GET',
  path: '/v1/funds/{fundId}/donors',
  entry: 'functions/funds/donors.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Nhà hảo tâm của quỹ, mới nhất trước (tên chỉ khi được đồng ý công khai)', en: 'Donors of a fund, newest first (names only where the donor agreed)' },
  cache: 'public, max-age=60, stale-while-revalidate=300',
  schemas: { params: FundParams, query: FundDonorsQuery, response: FundDonors },
});

export const GetFundPlan = route({
  id: 'GetFundPlan',
  method: 'GET',
  path: '/v1/funds/{fundId}/plan',
  entry: 'functions/funds/plan.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Kế hoạch phân bổ so với đã chi, đã xác nhận, theo xã, phường', en: 'The allocation plan against what was disbursed and confirmed, per ward' },
  cache: 'public, max-age=30',
  schemas: { params: FundParams, response: FundPlan },
});

export const ListFundGoods = route({
  id: 'ListFundGoods',
  method: 'GET',
  path: '/v1/funds/{fundId}/goods',
  entry: 'functions/funds/goods.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Hiện vật đã nhận và đã bàn giao, theo đơn vị tính', en: 'Goods received and handed over, with totals per unit' },
  cache: 'public, max-age=30',
  schemas: { params: FundParams, response: FundGoods },
});

export const FindTransfers = route({
  id: 'FindTransfers',
  method: 'GET',
  path: '/v1/funds/{fundId}/transfers',
  entry: 'functions/funds/transfers.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Tìm giao dịch của mình (đã che)', en: 'Find my transfer (masked)' },
  cache: 'public, max-age=60',
  anonymousRateLimit: { requests: 30, windowSeconds: 300 },
  schemas: { params: FundParams, query: TransferSearchQuery, response: TransferSearchResult },
});

export const fundsArea: RouteArea = {
  tag: FUNDS_TAG,
  routes: [ListFunds, GetFund, ListFundWards, ListFundDays, SearchAdminUnits, ListFundDisbursements, ListFundDonors, GetFundPlan, ListFundGoods, FindTransfers],
};
