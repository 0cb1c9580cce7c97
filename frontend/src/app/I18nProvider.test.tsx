import { act, render, screen } from '@testing-library/react';
import { Button, DatePicker, Pagination, theme } from 'antd';
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

  it("turns antd's animations off while the system asks for reduced motion, and on again when it stops", () => {
    const original = window.matchMedia;
    const listeners = new Set<() => void>();
    let reduce = true;
    window.matchMedia = ((query: string) => ({
      get matches() {
        return query === '(prefers-reduced-motion: reduce)' && reduce;
      },
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
      dispatchEvent: () => false,
    })) as unknown as typeof window.matchMedia;
    function Motion() {
      return <output>{String(theme.useToken().token.motion)}</output>;
    }
    try {
      render(
        <I18nProvider>
          <Motion />
        </I18nProvider>,
      );
      expect(screen.getByRole('status').textContent).toBe('false');
      reduce = false;
      act(() => listeners.forEach((l) => l()));
      expect(screen.getByRole('status').textContent).toBe('true');
    } finally {
      window.matchMedia = original;
    }
  });
});
