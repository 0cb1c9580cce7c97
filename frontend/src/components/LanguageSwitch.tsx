import { Segmented } from 'antd';
import { useI18n, type Language } from '../lib/i18n/i18n';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      aria-label={t('lang.label')}
      size="small"
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'vi', label: <span title={t('lang.vi')}>VI</span> },
        { value: 'en', label: <span title={t('lang.en')}>EN</span> },
      ]}
    />
  );
}
