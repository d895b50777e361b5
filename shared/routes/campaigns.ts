/**
 * Running a campaign, for a committee's staff (DESIGN §12): committees, a fund's creation, edits
 * and lifecycle, its allocation plan, and goods received and handed over.
 */
import { FundParams } from '../schemas/common';
import {
  CloseFundBody,
  CloseReceivingBody,
  Committee,
  CommitteeList,
  CommitteeParams,
  CommitteeQuery,
  CreateCommitteeBody,
  CreateFundBody,
  EditFundBody,
  GoodsHandover,
  GoodsLot,
  GoodsLotParams,
  HandoverBody,
  OpenFundBody,
  PlanSaved,
  RecordGoodsBody,
  SetPlanBody,
  StaffFund,
  StaffFundList,
} from '../schemas/campaigns';
import { ADMIN, APPROVER, AUDITOR, CLERK, route, staff, type RouteArea, type RouteTag } from './route';

export const CAMPAIGNS_TAG: RouteTag = {
  name: 'Campaigns',
  description:
    'Vận động: ủy ban, lập và đóng quỹ, kế hoạch phân bổ, hiện vật, cho cán bộ của ủy ban / Campaigns: committees, opening and closing funds, allocation plans and goods, for a committee’s staff',
};
const tag = CAMPAIGNS_TAG.name;
const EVERY_ROLE = staff(CLERK, APPROVER, AUDITOR, ADMIN);

export const ListCommittees = route({
  id: 'ListCommittees',
  method: 'GET',
  path: '/v1/committees',
  entry: 'functions/committees/list.ts',
  access: EVERY_ROLE,
  tag,
  summary: { vi: 'Các ủy ban trực thuộc một ủy ban', en: 'The committees under a committee (the central committee’s by default)' },
  schemas: { query: CommitteeQuery, response: CommitteeList },
});

export const GetCommittee = route({
  id: 'GetCommittee',
  method: 'GET',
  path: '/v1/committees/{committeeId}',
  entry: 'functions/committees/get.ts',
  access: EVERY_ROLE,
  tag,
  summary: { vi: 'Một ủy ban', en: 'One committee' },
  schemas: { params: CommitteeParams, response: Committee },
});

export const CreateCommittee = route({
  id: 'CreateCommittee',
  method: 'POST',
  path: '/v1/committees',
  entry: 'functions/committees/create.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Lập một ủy ban, ban trực thuộc', en: 'Create a committee under a parent' },
  idempotent: true,
  schemas: { body: CreateCommitteeBody, response: Committee, responseStatus: 201 },
});

export const ListStaffFunds = route({
  id: 'ListStaffFunds',
  method: 'GET',
  path: '/v1/staff/funds',
  entry: 'functions/campaigns/list-funds.ts',
  access: EVERY_ROLE,
  tag,
  summary: { vi: 'Các quỹ cán bộ được làm việc (cả bản nháp), với hạn sắp tới', en: 'The funds the signed-in staff member may act on, drafts included, with their deadlines' },
  schemas: { response: StaffFundList },
});

export const CreateFund = route({
  id: 'CreateFund',
  method: 'POST',
  path: '/v1/funds',
  entry: 'functions/campaigns/create-fund.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Lập quỹ (bản nháp)', en: 'Create a fund (a draft)' },
  idempotent: true,
  schemas: { body: CreateFundBody, response: StaffFund, responseStatus: 201 },
});

export const EditFund = route({
  id: 'EditFund',
  method: 'PATCH',
  path: '/v1/funds/{fundId}',
  entry: 'functions/campaigns/edit-fund.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Sửa thông tin quỹ (ghi nhật ký, tăng phiên bản)', en: 'Edit a fund (journaled, versioned)' },
  idempotent: true,
  schemas: { params: FundParams, body: EditFundBody, response: StaffFund },
});

export const OpenFund = route({
  id: 'OpenFund',
  method: 'POST',
  path: '/v1/funds/{fundId}/open',
  entry: 'functions/campaigns/open-fund.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Mở quỹ', en: 'Open a fund' },
  idempotent: true,
  schemas: { params: FundParams, body: OpenFundBody, response: StaffFund },
});

export const CloseReceiving = route({
  id: 'CloseReceiving',
  method: 'POST',
  path: '/v1/funds/{fundId}/close-receiving',
  entry: 'functions/campaigns/close-receiving.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Kết thúc tiếp nhận ủng hộ', en: 'Close receiving (money that still arrives is counted, flagged late)' },
  idempotent: true,
  schemas: { params: FundParams, body: CloseReceivingBody, response: StaffFund },
});

export const CloseFund = route({
  id: 'CloseFund',
  method: 'POST',
  path: '/v1/funds/{fundId}/close',
  entry: 'functions/campaigns/close-fund.ts',
  access: staff(ADMIN),
  tag,
  summary: { vi: 'Đóng quỹ', en: 'Close a fund' },
  idempotent: true,
  schemas: { params: FundParams, body: CloseFundBody, response: StaffFund },
});

export const SetPlan = route({
  id: 'SetPlan',
  method: 'PUT',
  path: '/v1/funds/{fundId}/plan',
  entry: 'functions/campaigns/set-plan.ts',
  access: staff(ADMIN, APPROVER),
  tag,
  summary: { vi: 'Lập kế hoạch phân bổ theo xã, phường (thay cả kế hoạch)', en: 'Set the allocation plan per ward (replaces the whole plan)' },
  idempotent: true,
  // 3,321 wards with their amounts.
  maxBodyBytes: 256 * 1024,
  schemas: { params: FundParams, body: SetPlanBody, response: PlanSaved },
});

export const RecordGoods = route({
  id: 'RecordGoods',
  method: 'POST',
  path: '/v1/funds/{fundId}/goods',
  entry: 'functions/campaigns/record-goods.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Tiếp nhận hiện vật', en: 'Record goods received' },
  idempotent: true,
  schemas: { params: FundParams, body: RecordGoodsBody, response: GoodsLot, responseStatus: 201 },
});

export const HandOverGoods = route({
  id: 'HandOverGoods',
  method: 'POST',
  path: '/v1/funds/{fundId}/goods/{lotId}/handovers',
  entry: 'functions/campaigns/hand-over-goods.ts',
  access: staff(CLERK),
  tag,
  summary: { vi: 'Bàn giao hiện vật cho xã, phường', en: 'Hand goods over to a ward' },
  idempotent: true,
  schemas: { params: GoodsLotParams, body: HandoverBody, response: GoodsHandover, responseStatus: 201 },
});

export const campaignsArea: RouteArea = {
  tag: CAMPAIGNS_TAG,
  routes: [ListCommittees, GetCommittee, CreateCommittee, ListStaffFunds, CreateFund, EditFund, OpenFund, CloseReceiving, CloseFund, SetPlan, RecordGoods, HandOverGoods],
};
