import { describe, expect, it } from 'vitest';
import { DIRECTIVE_STATUSES } from '../../../api/models';
import { translator } from '../../../lib/i18n/i18n';
import { characterCount, describeTextProblem, directiveTextProblem, isDirectiveOverdue, isPastDue, localToday } from './directive-rules';

describe('directive due dates', () => {
  it('takes today in the user\'s time zone', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localToday(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it('is overdue only while open and after its due date', () => {
    const today = '2026-12-02';
    expect(isDirectiveOverdue({ status: 'open', due_date: '2026-12-01' }, today)).toBe(true);
    expect(isDirectiveOverdue({ status: 'open', due_date: '2026-12-02' }, today)).toBe(false); // due today: not yet late
    expect(isDirectiveOverdue({ status: 'open', due_date: null }, today)).toBe(false);
    expect(isDirectiveOverdue({ status: 'open' }, today)).toBe(false);
    expect(isDirectiveOverdue({ status: 'answered', due_date: '2026-11-01' }, today)).toBe(false);
    expect(isDirectiveOverdue({ status: 'closed', due_date: '2026-11-01' }, today)).toBe(false);
  });

  it('refuses a past due date, accepts today, later or none', () => {
    expect(isPastDue('2026-12-01', '2026-12-02')).toBe(true);
    expect(isPastDue('2026-12-02', '2026-12-02')).toBe(false);
    expect(isPastDue('2027-01-01', '2026-12-02')).toBe(false);
    expect(isPastDue(null, '2026-12-02')).toBe(false);
  });
});

describe('directive and answer texts', () => {
  it('refuses what the server refuses, and changes nothing', () => {
    expect(directiveTextProblem(undefined)).toBe('required');
    expect(directiveTextProblem('   ')).toBe('required');
    expect(directiveTextProblem('Báo cáo kết quả trước 15/12')).toBeNull();
    expect(directiveTextProblem('Dòng 1\nDòng 2')).toBe('control');
    expect(directiveTextProblem('Cột\tcột')).toBe('control');
    expect(directiveTextProblem('a'.repeat(500))).toBeNull();
    expect(directiveTextProblem('a'.repeat(501))).toBe('length');
  });

  it('counts characters as the server does (code points)', () => {
    expect(characterCount('Đình')).toBe(4);
    expect(characterCount('😀')).toBe(1);
    expect(directiveTextProblem('😀'.repeat(500))).toBeNull();
  });

  it('explains a refusal in both languages, naming the field', () => {
    const vi = translator('vi');
    const en = translator('en');
    expect(describeTextProblem('required', 'Nội dung chỉ đạo', '', vi)).toBe('Vui lòng nhập nội dung chỉ đạo');
    expect(describeTextProblem('control', 'Nội dung chỉ đạo', 'a\nb', vi)).toBe(
      'Nội dung chỉ đạo phải viết liền một đoạn: không xuống dòng, không có ký tự điều khiển.',
    );
    expect(describeTextProblem('length', 'Nội dung trả lời', 'x'.repeat(612), vi)).toBe('Nội dung trả lời dài 612 ký tự, vượt quá 500 ký tự cho phép.');
    expect(describeTextProblem('length', 'Answer text', 'x'.repeat(612), en)).toBe('Answer text has 612 characters, more than the 500 allowed.');
  });
});

describe('directive status labels', () => {
  it('are translated in both languages, never the raw enum', () => {
    for (const language of ['vi', 'en'] as const) {
      const t = translator(language);
      const labels = DIRECTIVE_STATUSES.map((s) => t(`directiveStatus.${s}`));
      for (const [i, label] of labels.entries()) expect(label).not.toBe(DIRECTIVE_STATUSES[i]);
      expect(new Set(labels).size).toBe(DIRECTIVE_STATUSES.length);
    }
    expect(translator('vi')('directiveStatus.open')).toBe('Chờ trả lời');
    expect(translator('vi')('directiveStatus.answered')).toBe('Đã trả lời');
    expect(translator('vi')('directiveStatus.closed')).toBe('Đã kết thúc');
  });
});
