import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/models';
import { describeError, explainError } from './describe-error';
import { ERROR_CODE_MESSAGES } from './error-codes';
import { en as enDict } from './i18n/en';
import { translator } from './i18n/i18n';
import { vi as viDict } from './i18n/vi';
import { ApiError } from './problem';

const t = translator('vi');
const en = translator('en');
const problem = (status: number, code: Problem['code'], detail: string, extra: Partial<Problem> = {}): Problem => ({
  type: `urn:restrack:problem:${code}`,
  title: 'x',
  status,
  detail,
  code,
  request_id: 'req-42',
  ...extra,
});

describe('describeError', () => {
  it('reads a 409 open_subtasks in Vietnamese, not the server\'s English', () => {
    const error = new ApiError(409, problem(409, 'open_subtasks', 'the task has 2 open sub-tasks'));
    expect(describeError(error, t)).toBe('Chưa thể hoàn thành: nhiệm vụ còn nhiệm vụ con chưa kết thúc.');
    expect(describeError(error, en)).toBe('Cannot complete: the task still has open sub-tasks.');
  });

  it('shows the generic server sentence with the request id for a 500 and for an unknown code', () => {
    expect(describeError(new ApiError(500, problem(500, 'internal_error', 'panic at db.rs:12')), t)).toBe('Máy chủ gặp sự cố. Vui lòng thử lại sau. Mã yêu cầu: req-42');
    const newer = new ApiError(500, problem(500, 'quantum_flux' as never, 'flux'));
    expect(explainError(newer, t)).toEqual({ message: t('error.server'), requestId: 'req-42' });
    expect(describeError(new ApiError(502, null), t)).toBe('Máy chủ gặp sự cố. Vui lòng thử lại sau.');
    expect(describeError(new ApiError(418, problem(418, 'teapot' as never, 'short and stout')), t)).toBe('Đã xảy ra lỗi. Mã yêu cầu: req-42');
  });

  it('translates specific server-side refusals and network failures', () => {
    expect(describeError(new ApiError(403, problem(403, 'forbidden', 'only admins')), t)).toBe(t('error.forbidden'));
    expect(describeError(new ApiError(429, problem(429, 'rate_limited', 'slow down'), 12), t)).toBe('Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau 12 giây.');
    expect(describeError(new ApiError(503, problem(503, 'database_busy', 'locked')), t)).toBe('Hệ thống đang bận. Vui lòng thử lại sau ít phút. Mã yêu cầu: req-42');
    expect(describeError(new TypeError('Failed to fetch'), t)).toBe(t('error.network'));
  });

  it('has a Vietnamese and an English sentence for every error code', () => {
    for (const key of Object.values(ERROR_CODE_MESSAGES)) {
      expect(viDict[key]).toBeTruthy();
      expect(enDict[key]).toBeTruthy();
      expect(viDict[key]).not.toBe(enDict[key]);
    }
  });
});
