import { act, render, screen } from '@testing-library/react';
import { Button, DatePicker, Pagination } from 'antd';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { useI18n } from '../lib/i18n/i18n';
import { I18nProvider } from './I18nProvider';

function Probe() {
  const { language, setLanguage } = useI18n();
  return (
    <>
      <DatePicker open defaultPickerValue={dayjs('2026-11-16')} getPopupContainer={(node) => node.parentElement ?? document.body} />
      <Pagination total={200} showSizeChanger />
      <Button onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}>switch</Button>
    </>
  );
}

const weekdayHeaders = () => [...document.querySelectorAll('.ant-picker-content thead th')].map((th) => th.textContent);

describe('I18nProvider', () => {
  afterEach(() => localStorage.clear());

  it('gives antd and dayjs Vietnamese: Monday-first picker, "/ trang" pagination; English after the switch', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(dayjs.locale()).toBe('vi');
    expect(weekdayHeaders()[0]).toBe('T2');
    expect(document.body.textContent).toContain('/ trang');
    expect(document.documentElement.lang).toBe('vi');
    act(() => screen.getByRole('button', { name: 'switch' }).click());
    expect(dayjs.locale()).toBe('en');
    expect(weekdayHeaders()[0]).toBe('Su');
    expect(document.body.textContent).toContain('/ page');
    expect(localStorage.getItem('restrack.language')).toBe('en');
  });
});
