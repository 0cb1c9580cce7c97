import { describe, expect, it } from 'vitest';
import { filenameOf } from './report-files';

describe('the file name of a report', () => {
  it('is read from Content-Disposition, the UTF-8 form first', () => {
    expect(filenameOf('attachment; filename="bao-cao-root-20260701-20260930.docx"')).toBe('bao-cao-root-20260701-20260930.docx');
    expect(filenameOf("attachment; filename=\"bao-cao.pdf\"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.pdf")).toBe('báo-cáo.pdf');
    expect(filenameOf('attachment; filename=bao-cao.xlsx')).toBe('bao-cao.xlsx');
    expect(filenameOf(null)).toBeUndefined();
    expect(filenameOf('inline')).toBeUndefined();
  });
});
