import { Select, TreeSelect, type SelectProps, type TreeSelectProps } from 'antd';
import { useEffect, useRef, type RefObject } from 'react';

type Required = { 'aria-required'?: boolean | 'true' | 'false' };

/**
 * A required Form.Item puts `aria-required` on a select's outer box, a plain div where ARIA forbids
 * it (axe: aria-allowed-attr, critical). This puts it on the combobox input instead, where screen
 * readers announce it.
 */
function useRequiredOnInput(ref: RefObject<{ nativeElement?: HTMLElement | null } | null>, required: Required['aria-required']) {
  const isRequired = required === true || required === 'true';
  useEffect(() => {
    const input = ref.current?.nativeElement?.querySelector('input');
    if (!input) return;
    if (isRequired) input.setAttribute('aria-required', 'true');
    else input.removeAttribute('aria-required');
  });
}

/** antd's Select for a required Form.Item (see [`useRequiredOnInput`]). */
export function FormSelect({ 'aria-required': required, ...props }: SelectProps & Required) {
  const ref = useRef<React.ComponentRef<typeof Select>>(null);
  useRequiredOnInput(ref, required);
  return <Select ref={ref} {...props} />;
}

/** antd's TreeSelect for a required Form.Item (see [`useRequiredOnInput`]). */
export function FormTreeSelect({ 'aria-required': required, ...props }: TreeSelectProps & Required) {
  const ref = useRef<React.ComponentRef<typeof TreeSelect>>(null);
  useRequiredOnInput(ref, required);
  return <TreeSelect ref={ref} {...props} />;
}
