import { Form, Input, type FormRule } from 'antd';
import { formatNumber } from '../lib/format';
import { useI18n } from '../lib/i18n/i18n';
import { characterCount, describeTextProblem, TEXT_MAX, textProblem } from '../lib/directive-rules';

interface Props {
  name: string;
  label: string;
  /** The server's cap for this field (5000 characters unless said otherwise). */
  max?: number;
  className?: string;
  minRows?: number;
}

/**
 * A required text (a directive, an answer, a summary, a reason): may hold line breaks; refused with the
 * reason, never trimmed or cut here.
 */
export function TextItem({ name, label, max = TEXT_MAX, className = 'directive-text-field', minRows = 3 }: Props) {
  const { t, language } = useI18n();
  const rule: FormRule = {
    validator: (_, value: string | undefined) => {
      const problem = textProblem(value, max);
      return problem ? Promise.reject(new Error(describeTextProblem(problem, label, value ?? '', t, max))) : Promise.resolve();
    },
  };
  return (
    <Form.Item label={label} name={name} required rules={[rule]} className={className} extra={t('directives.textHint', { max: formatNumber(max, language) })}>
      {/* `count.max` marks a text that is too long; unlike `maxLength` it does not cut it. */}
      <Input.TextArea autoSize={{ minRows, maxRows: 12 }} count={{ show: true, max, strategy: characterCount }} />
    </Form.Item>
  );
}

/** The text of a directive or of an answer. */
export function DirectiveTextItem({ name, label }: { name: string; label: string }) {
  return <TextItem name={name} label={label} />;
}
