import { Select, TreeSelect, type SelectProps, type TreeSelectProps } from 'antd';
import { useEffect, useRef, type ComponentRef } from 'react';

type Props = SelectProps & { 'aria-required'?: boolean | 'true' | 'false' };

/**
 * antd's Select for a required Form.Item: the form puts `aria-required` on the Select's outer box, a
 * plain div where ARIA forbids it (axe: aria-allowed-attr, critical). Here it goes on the combobox
 * input instead, where screen readers announce it.
 */
export function FormSelect({ 'aria-required': required, ...props }: Props) {
  const ref = useRef<ComponentRef<typeof Select>>(null);
  const isRequired = required === true || required === 'true';
  useEffect(() => {
    const input = ref.current?.nativeElement?.querySelector('input');
    if (!input) return;
    if (isRequired) input.setAttribute('aria-required', 'true');
    else input.removeAttribute('aria-required');
  });
  return <Select ref={ref} {...props} />;
}

type TreeProps = TreeSelectProps & { 'aria-required'?: boolean | 'true' | 'false' };

/** antd's TreeSelect for a required Form.Item: `aria-required` on its combobox input, as [`FormSelect`]. */
export function FormTreeSelect({ 'aria-required': required, ...props }: TreeProps) {
  const ref = useRef<ComponentRef<typeof TreeSelect>>(null);
  const isRequired = required === true || required === 'true';
  useEffect(() => {
    const input = ref.current?.nativeElement?.querySelector('input');
    if (!input) return;
    if (isRequired) input.setAttribute('aria-required', 'true');
    else input.removeAttribute('aria-required');
  });
  return <TreeSelect ref={ref} {...props} />;
}
