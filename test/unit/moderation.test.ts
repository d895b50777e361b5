import { describe, expect, it } from 'vitest';
import { MODERATED_PHRASES, moderatedPhrases, needsModeration } from '../../shared/domain/moderation';
import { fold } from '../../shared/domain/text';

describe('the moderation word list', () => {
  it('holds official titles however they are accented, cased or spaced', () => {
    for (const text of ['Chủ tịch UBND xã', 'CHU TICH xa', 'chủ   tịch', 'Bộ trưởng Nguyễn Văn A', 'Ban quản lý quỹ thông báo', 'Official account']) {
      expect(needsModeration(text), text).toBe(true);
    }
    expect(moderatedPhrases('Tôi là Chủ tịch, Công an phường')).toEqual(['chu tich', 'cong an']);
  });

  it('holds abuse in Vietnamese with or without diacritics, and in English', () => {
    for (const text of ['Đồ óc chó', 'do oc cho', 'đ.m cái quỹ này'.replace('đ.m', 'dcm'), 'what a SCAM, fuck this']) {
      expect(needsModeration(text), text).toBe(true);
    }
  });

  it('matches whole words only, so ordinary names and reasons show at once', () => {
    for (const text of ['Nguyễn Thị Chúc', 'Trần Văn Tịch', 'Gia đình bác Ủy', 'Số tiền chi không khớp biên bản', 'Công ty Adminh', 'Shitake farm']) {
      expect(needsModeration(text), text).toBe(false);
    }
  });

  it('keeps every phrase folded, so folded text can match it', () => {
    for (const phrase of MODERATED_PHRASES) expect(fold(phrase)).toBe(phrase);
  });
});
