import { describe, expect, it } from 'vitest';
import { DIRECTIVE_STATUSES } from '../api/models';
import { translator } from './i18n/i18n';
import { characterCount, describeTextProblem, directiveTextProblem, isDirectiveOverdue, isPastDue, localToday, SUMMARY_MAX, TEXT_MAX, textProblem } from './directive-rules';

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
    // validate::text: line breaks (LF, CR) and tabs are allowed, any other control character is not.
    expect(directiveTextProblem('Dòng 1\nDòng 2')).toBeNull();
    expect(directiveTextProblem('Dòng 1\r\nDòng 2')).toBeNull();
    expect(directiveTextProblem('Cột\tcột')).toBeNull();
    expect(directiveTextProblem('Chuông\u0007')).toBe('control');
    expect(directiveTextProblem('a\u0000b')).toBe('control');
    expect(directiveTextProblem('a\u000bb')).toBe('control'); // vertical tab
    expect(directiveTextProblem('a\u0085b')).toBe('control'); // C1 next line
    expect(directiveTextProblem('\n\t ')).toBe('required');
    expect(TEXT_MAX).toBe(5000);
    expect(directiveTextProblem('a'.repeat(5000))).toBeNull();
    expect(directiveTextProblem('a'.repeat(5001))).toBe('length');
    expect(textProblem('a'.repeat(5001), SUMMARY_MAX)).toBeNull();
    expect(textProblem('a'.repeat(20001), SUMMARY_MAX)).toBe('length');
  });

  it('counts characters as the server does (code points)', () => {
    expect(characterCount('Đình')).toBe(4);
    expect(characterCount('😀')).toBe(1);
    expect(directiveTextProblem('😀'.repeat(5000))).toBeNull();
  });

  it('explains a refusal in both languages, naming the field', () => {
    const vi = translator('vi');
    const en = translator('en');
    expect(describeTextProblem('required', 'Nội dung chỉ đạo', '', vi)).toBe('Vui lòng nhập nội dung chỉ đạo');
    expect(describeTextProblem('control', 'Nội dung chỉ đạo', 'a\u0007b', vi)).toBe(
      'Nội dung chỉ đạo chứa ký tự điều khiển không được chấp nhận (chỉ cho phép xuống dòng và tab).',
    );
    expect(describeTextProblem('length', 'Nội dung trả lời', 'x'.repeat(5012), vi)).toBe('Nội dung trả lời dài 5012 ký tự, vượt quá 5000 ký tự cho phép.');
    expect(describeTextProblem('length', 'Answer text', 'x'.repeat(5012), en)).toBe('Answer text has 5012 characters, more than the 5000 allowed.');
    expect(describeTextProblem('length', 'Kết quả đạt được', 'x'.repeat(20001), vi, SUMMARY_MAX)).toBe('Kết quả đạt được dài 20001 ký tự, vượt quá 20000 ký tự cho phép.');
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
