import { ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import viVN from 'antd/es/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/vi';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, translator, type I18nValue, type Language } from '../lib/i18n/i18n';

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

  const value = useMemo<I18nValue>(() => ({ language, setLanguage, t: translator(language) }), [language, setLanguage]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'vi' ? viVN : enUS}
        theme={{
          token: {
            colorPrimary: '#a31d1d',
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
