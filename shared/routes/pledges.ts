/** Pledging a donation and checking it by its code (anyone, or an organisation's key), and cancelling one (staff). */
import { ReasonBody } from '../schemas/common';
import { CreatePledgeBody, NameWithdrawn, Pledge, PledgeCreated, PledgeRefParams, PublicPledge, WithdrawNameBody } from '../schemas/pledges';
import { ADMIN, APPROVER, PUBLIC, PUBLIC_OR_API_KEY, route, staff, type RouteArea, type RouteTag } from './route';

export const PLEDGES_TAG: RouteTag = {
  name: 'Pledges',
  description: 'Đăng ký ủng hộ, nhận mã và mã VietQR, tra cứu khoản ủng hộ / Pledge a donation, get its code and VietQR, check it',
};
const tag = PLEDGES_TAG.name;

export const CreatePledge = route({
  id: 'CreatePledge',
  method: 'POST',
  path: '/v1/pledges',
  entry: 'functions/pledges/create.ts',
  access: PUBLIC_OR_API_KEY,
  tag,
  summary: { vi: 'Đăng ký ủng hộ', en: 'Pledge a donation' },
  idempotent: true,
  // A household pledges a few times; many share one carrier address (CGNAT), hence not lower.
  anonymousRateLimit: { requests: 100, windowSeconds: 300 },
  schemas: { body: CreatePledgeBody, response: PledgeCreated, responseStatus: 201 },
  responseHeaders: { location: 'The pledge: /v1/pledges/{ref}' },
});

export const GetPledge = route({
  id: 'GetPledge',
  method: 'GET',
  path: '/v1/pledges/{ref}',
  entry: 'functions/pledges/get.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Tra cứu khoản ủng hộ theo mã', en: 'Check a donation by its reference code' },
  cache: 'public, max-age=5',
  schemas: { params: PledgeRefParams, response: PublicPledge },
});

export const CancelPledge = route({
  id: 'CancelPledge',
  method: 'POST',
  path: '/v1/pledges/{ref}/cancel',
  entry: 'functions/pledges/cancel.ts',
  access: staff(APPROVER, ADMIN),
  tag,
  summary: { vi: 'Hủy cam kết ủng hộ', en: 'Cancel a pledge' },
  idempotent: true,
  schemas: { params: PledgeRefParams, body: ReasonBody, response: Pledge },
});

/** The donor takes their name back from publication, proving it is theirs with the pledge's contact (DESIGN §7). */
export const WithdrawPledgeName = route({
  id: 'WithdrawPledgeName',
  method: 'POST',
  path: '/v1/pledges/{ref}/withdraw-name',
  entry: 'functions/pledges/withdraw-name.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Rút tên khỏi công bố', en: 'Withdraw my name from publication' },
  idempotent: true,
  // Guessing a contact takes many tries: WAF's tightest limits, per address and per pledge code (DESIGN §10).
  anonymousRateLimit: { requests: 10, windowSeconds: 600 },
  pathRateLimit: { requests: 10, windowSeconds: 600 },
  schemas: { params: PledgeRefParams, body: WithdrawNameBody, response: NameWithdrawn },
});

/** Staff withdraw a donor's name on the donor's request (by letter, at the counter). */
export const WithdrawPledgeNameOnRequest = route({
  id: 'WithdrawPledgeNameOnRequest',
  method: 'POST',
  path: '/v1/pledges/{ref}/withdraw-name-on-request',
  entry: 'functions/pledges/withdraw-name-on-request.ts',
  access: staff(APPROVER, ADMIN),
  tag,
  summary: { vi: 'Rút tên người ủng hộ theo yêu cầu', en: "Withdraw a donor's name on their request" },
  idempotent: true,
  schemas: { params: PledgeRefParams, body: ReasonBody, response: NameWithdrawn },
});

export const pledgesArea: RouteArea = {
  tag: PLEDGES_TAG,
  routes: [CreatePledge, GetPledge, CancelPledge, WithdrawPledgeName, WithdrawPledgeNameOnRequest],
};
