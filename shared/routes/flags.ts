/** Public supervision: anyone flags a published disbursement or report line; auditors answer in public; staff moderate held text (DESIGN §7.4). */
import { FundParams } from '../schemas/common';
import { AnswerFlagBody, FlagParams, ModerationBody, ModerationQueue, PledgeModerationParams, PublicFlag, PublicFlagList, RaiseFlagBody, StaffFlag } from '../schemas/flags';
import { ADMIN, AUDITOR, PUBLIC, route, staff, type RouteArea, type RouteTag } from './route';

export const FLAGS_TAG: RouteTag = {
  name: 'Flags',
  description: 'Giám sát: báo sai sót, trả lời công khai, kiểm duyệt / Public supervision: flags, public answers, moderation',
};
const tag = FLAGS_TAG.name;

export const RaiseFlag = route({
  id: 'RaiseFlag',
  method: 'POST',
  path: '/v1/funds/{fundId}/flags',
  entry: 'functions/flags/raise.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Báo sai sót một khoản chi hoặc một dòng báo cáo', en: 'Flag a published disbursement or report line' },
  idempotent: true,
  maxBodyBytes: 8 * 1024,
  // A person flags a few lines; a carrier address (CGNAT) is shared, but flags are far rarer than pledges.
  anonymousRateLimit: { requests: 20, windowSeconds: 300 },
  schemas: { params: FundParams, body: RaiseFlagBody, response: PublicFlag, responseStatus: 201 },
});

export const ListFlags = route({
  id: 'ListFlags',
  method: 'GET',
  path: '/v1/funds/{fundId}/flags',
  entry: 'functions/flags/list.ts',
  access: PUBLIC,
  tag,
  summary: { vi: 'Các báo sai sót của quỹ và câu trả lời', en: 'The fund’s flags and their answers' },
  cache: 'public, max-age=5',
  schemas: { params: FundParams, response: PublicFlagList },
});

export const GetModerationQueue = route({
  id: 'GetModerationQueue',
  method: 'GET',
  path: '/v1/funds/{fundId}/moderation',
  entry: 'functions/flags/queue.ts',
  access: staff(AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Hàng đợi: báo sai sót và nội dung chờ kiểm duyệt', en: 'The queue: flags, and text awaiting moderation' },
  schemas: { params: FundParams, response: ModerationQueue },
});

export const AnswerFlag = route({
  id: 'AnswerFlag',
  method: 'POST',
  path: '/v1/flags/{flagId}/answers',
  entry: 'functions/flags/answer.ts',
  access: staff(AUDITOR),
  tag,
  summary: { vi: 'Trả lời công khai một báo sai sót', en: 'Answer a flag in public' },
  idempotent: true,
  schemas: { params: FlagParams, body: AnswerFlagBody, response: StaffFlag, responseStatus: 201 },
});

export const ModerateFlag = route({
  id: 'ModerateFlag',
  method: 'POST',
  path: '/v1/flags/{flagId}/moderation',
  entry: 'functions/flags/moderate.ts',
  access: staff(AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Duyệt hoặc không đăng nội dung báo sai sót', en: 'Release or reject a held flag reason' },
  idempotent: true,
  schemas: { params: FlagParams, body: ModerationBody, response: StaffFlag },
});

export const ModeratePledgeName = route({
  id: 'ModeratePledgeName',
  method: 'POST',
  path: '/v1/pledges/{ref}/moderation',
  entry: 'functions/flags/moderate-pledge.ts',
  access: staff(AUDITOR, ADMIN),
  tag,
  summary: { vi: 'Duyệt hoặc không đăng tên người ủng hộ', en: 'Release or reject a held pledge name' },
  idempotent: true,
  schemas: { params: PledgeModerationParams, body: ModerationBody, response: ModerationQueue.shape.pledges.element.extend({ decision: ModerationBody.shape.decision }) },
});

export const flagsArea: RouteArea = {
  tag: FLAGS_TAG,
  routes: [RaiseFlag, ListFlags, GetModerationQueue, AnswerFlag, ModerateFlag, ModeratePledgeName],
};
