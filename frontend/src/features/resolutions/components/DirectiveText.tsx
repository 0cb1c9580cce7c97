import { Form, Input, type FormRule } from 'antd';
import { useI18n } from '../../../lib/i18n/i18n';
import { characterCount, describeTextProblem, DIRECTIVE_TEXT_MAX, directiveTextProblem } from './directive-rules';

/** The text of a directive or of an answer: refused with the reason, never trimmed or cut here. */
export function DirectiveTextItem({ name, label }: { name: string; label: string }) {
  const { t } = useI18n();
  const rule: FormRule = {
    validator: (_, value: string | undefined) => {
      const problem = directiveTextProblem(value);
      return problem ? Promise.reject(new Error(describeTextProblem(problem, label, value ?? '', t))) : Promise.resolve();
    },
  };
  return (
    <Form.Item
      label={label}
      name={name}
      required
      rules={[rule]}
      className="directive-text-field"
      extra={t('directives.textHint', { max: DIRECTIVE_TEXT_MAX })}
    >
      {/* `count.max` marks a text that is too long; unlike `maxLength` it does not cut it. */}
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} count={{ show: true, max: DIRECTIVE_TEXT_MAX, strategy: characterCount }} />
    </Form.Item>
  );
}
