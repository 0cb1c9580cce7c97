import { createContext, useContext } from 'react';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey };
export type Language = 'vi' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };

export function translator(language: Language): Translate {
  const dict = dictionaries[language];
  return (key, params) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

export interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

export const I18nContext = createContext<I18nValue>({
  language: 'vi',
  setLanguage: () => undefined,
  t: translator('vi'),
});

export const useI18n = (): I18nValue => useContext(I18nContext);
