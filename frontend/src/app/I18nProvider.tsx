import { ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import viVN from 'antd/es/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/vi';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, translator, type I18nValue, type Language } from '../lib/i18n/i18n';
import { useReducedMotion } from '../lib/use-reduced-motion';

const LANGUAGE_KEY = 'restrack.language';

const initialLanguage = (): Language => (localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi');

/** Keeps the UI dictionary, antd's locale, dayjs's locale and <html lang> in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  // dayjs's global locale is set before the first render (not in an effect), so the first picker and
  // the first formatted date already use it: 'vi' has Monday as the first day of the week.
  const [language, setLanguageState] = useState<Language>(() => {
    const initial = initialLanguage();
    dayjs.locale(initial);
    return initial;
  });
  const setLanguage = useCallback((next: Language) => {
    dayjs.locale(next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    localStorage.setItem(LANGUAGE_KEY, language);
    document.documentElement.lang = language;
  }, [language]);

  const reducedMotion = useReducedMotion();
  const value = useMemo<I18nValue>(() => ({ language, setLanguage, t: translator(language) }), [language, setLanguage]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'vi' ? viVN : enUS}
        theme={{
          token: {
            colorPrimary: '#a31d1d',
            // No opening, closing or sliding animations when the system asks for reduced motion.
            motion: !reducedMotion,
            // WCAG 2.1 AA (contrast ≥ 4.5:1 on white and on the #f4f5f7 page): antd's greys (0.45 alpha ≈ 3.3:1),
            // its error red and its link blue are too light for text, so they are raised here, once.
            colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
            colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
            colorTextDescription: 'rgba(0, 0, 0, 0.62)',
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
            colorError: '#cf1322',
            colorLink: '#0958d9',
            // antd derives a lighter hover blue (≈ 2.7:1 on a hovered table row); a darker one keeps the contrast.
            colorLinkHover: '#003eb3',
            borderRadius: 6,
            fontFamily:
              "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
          },
        }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
