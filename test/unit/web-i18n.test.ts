/**
 * One source for what people read: actors by kind (staff by name), the audit trail's fields,
 * problem codes in both languages, and dates the Vietnamese way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateProse, formatDateTime, formatTime } from '../../shared/domain/format';
import { ACTOR_KIND_LABELS, ERROR_LABELS, actorParts } from '../../shared/domain/labels';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, ConcurrentModificationError, TooManyRequestsError } from '../../shared/errors';
import { problemResponse } from '../../shared/http/problem';
import { Problem } from '../../shared/schemas/problem';
import { ApiError } from '../../web/src/api';
import { actorText, detailLabel, detailValue, fieldLabel, setLang } from '../../web/src/i18n';

// The web's i18n module keeps the language in localStorage, which Node lacks: give it one.
(globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => undefined };
(globalThis as { document?: unknown }).document ??= { documentElement: { lang: 'vi' } };

afterEach(() => setLang('vi'));

describe('dates, the Vietnamese way', () => {
  it('writes days dd/MM/yyyy and times on the 24-hour clock in Vietnam time', () => {
    expect(formatDate('2026-12-04')).toBe('04/12/2026');
    expect(formatDateTime('2026-12-04T13:05:00Z')).toBe('04/12/2026 20:05');
    expect(formatTime('2026-12-04T17:30:00Z')).toBe('00:30');
  });

  it('writes a day inside a sentence in words: "ngày 4 tháng 12 năm 2026", "4 December 2026"', () => {
    expect(formatDateProse('2026-12-04', 'vi')).toBe('ngày 4 tháng 12 năm 2026');
    expect(formatDateProse('2026-01-31', 'en')).toBe('31 January 2026');
    expect(formatDateProse('not a day', 'vi')).toBe('not a day');
  });
});

describe('actors', () => {
  it('names staff by their name and everyone else by their kind, never by an id', () => {
    expect(actorParts('staff:lan')).toEqual({ kind: 'staff', name: 'lan' });
    expect(actorParts('bank:01M8ZQ3K4TGN6X2V5B7C9D1E0F')).toEqual({ kind: 'bank' });
    expect(actorText('bank:01M8ZQ3K4TGN6X2V5B7C9D1E0F')).toEqual({ kind: ACTOR_KIND_LABELS.bank!.vi });
    expect(actorText('staff:an')).toEqual({ kind: 'Cán bộ', name: 'an' });
    setLang('en');
    expect(actorText('public').kind).toBe('Donor, through the public portal');
    expect(actorText('org:01J0000000000000000000000').name).toBeUndefined();
  });
});

describe('the audit trail’s fields', () => {
  it('labels the published details and their coded values', () => {
    expect(detailLabel('wardName')).toBe('Xã/phường');
    expect(detailLabel('amount')).toBe('Số tiền');
    expect(detailValue('method', 'bank')).toBe('Chuyển khoản');
    expect(detailValue('purpose', 'Quà Tết')).toBe('Quà Tết');
    setLang('en');
    expect(detailLabel('wardName')).toBe('Commune/ward');
    expect(fieldLabel('body.donor.name')).toBe('Name');
  });
});

describe('problem codes', () => {
  const bodyOf = (error: unknown) => JSON.parse(problemResponse(error).body) as Record<string, unknown>;

  it('every problem carries a code: the error’s own, else its kind’s', () => {
    expect(bodyOf(new ForbiddenError('x', { code: 'self-approval' })).code).toBe('self-approval');
    expect(bodyOf(new NotFoundError('No fund x')).code).toBe('not-found');
    expect(bodyOf(new ConcurrentModificationError('changed')).code).toBe('concurrent-modification');
    expect(bodyOf(new ConflictError('is PAID', 'PAID'))).toMatchObject({ code: 'conflict', currentState: 'PAID' });
    expect(bodyOf(new Error('boom')).code).toBe('internal-error');
    expect(Problem.safeParse(bodyOf(new ValidationError('bad', [{ path: 'body.amount', message: 'must be positive' }]))).success).toBe(true);
  });

  it('the web shows the code in the page’s language, never the raw “vi / en” text', () => {
    const problem = bodyOf(new ForbiddenError('Người lập đề nghị không được tự phê duyệt / The requester cannot approve it', { code: 'self-approval' }));
    const error = new ApiError(403, problem);
    expect(error.describe()).toBe(ERROR_LABELS['self-approval']!.vi);
    setLang('en');
    expect(error.describe()).toBe(ERROR_LABELS['self-approval']!.en);
    expect(error.describe()).not.toContain(' / ');
  });

  it('names the state that stopped a change, and the fields to fix, in words', () => {
    const conflict = new ApiError(409, bodyOf(new ConflictError('Cannot approve GN…: it is PAID', 'PAID')));
    expect(conflict.describe()).toBe('Không thực hiện được ở trạng thái hiện tại. Trạng thái hiện tại: đã chuyển tiền.');
    const invalid = new ApiError(400, bodyOf(new ValidationError('bad', [{ path: 'body.amount', message: 'must be positive' }])));
    expect(invalid.describe()).toContain('Số tiền: giá trị chưa hợp lệ');
    setLang('en');
    expect(invalid.describe()).toBe('Some of the data sent is not valid. Amount: must be positive.');
  });

  it('tells a rate-limited person so, and when to try again, rather than that the request cannot be done', () => {
    const limited = problemResponse(new TooManyRequestsError('Too many flags', 120));
    const error = new ApiError(429, JSON.parse(limited.body) as Record<string, unknown>, Number(limited.headers['retry-after']));
    expect(error.describe()).toBe(`${ERROR_LABELS['too-many-requests']!.vi} Thử lại sau 120 giây.`);
    expect(new ApiError(429, {}).describe()).toBe(ERROR_LABELS['too-many-requests']!.vi);
  });

  it('falls back to the status’s text for a code this build does not know', () => {
    expect(new ApiError(404, { code: 'something-newer' }).describe()).toBe(ERROR_LABELS['not-found']!.vi);
    expect(new ApiError(0, {}).describe()).toBe(ERROR_LABELS.network!.vi);
  });
});
