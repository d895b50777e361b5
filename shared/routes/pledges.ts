/** Pledging a donation and checking it by its code (anyone, or an organisation's key), and cancelling one (staff). */
import { ReasonBody } from '../schemas/common';
import { CreatePledgeBody, Pledge, PledgeCreated, PledgeRefParams, PublicPledge } from '../schemas/pledges';
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

export const pledgesArea: RouteArea = {
  tag: PLEDGES_TAG,
  routes: [CreatePledge, GetPledge, CancelPledge],
};
