/// <reference types="node" />
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { translator } from './i18n/i18n';
import { vi } from './i18n/vi';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, AUDIT_FIELDS, auditActionLabel, auditEntityLabel, auditFieldLabel, auditValueLabel } from './audit-labels';

/** The server's source, when this checkout has it (a frontend-only copy checks the lists alone). */
const API_SRC = join(__dirname, '../../../api/src');
const rust: Record<string, string> = Object.fromEntries(
  existsSync(API_SRC)
    ? readdirSync(API_SRC, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.rs'))
        .map((f) => [f, readFileSync(join(API_SRC, f), 'utf8')])
    : [],
);

const literals = (text: string) => [...text.matchAll(/"([a-z][a-z0-9_]*)"/g)].map((m) => m[1]!);

/**
 * The audit actions written by the server: `action: "…"` (also `action: if … { "a" } else { "b" }`),
 * the first string argument of the `audit_*` helpers (`audit_end(conn, &caller, "session_ended", …)`),
 * a workflow step's `fn action` and `let action = match …`.
 */
function serverActions(sources: Record<string, string>): Set<string> {
  const found = new Set<string>();
  for (const [path, text] of Object.entries(sources)) {
    if (path.startsWith('bin/')) continue;
    for (const m of text.matchAll(/\baction: (if [^]*?\} else \{[^}]*\}|"[a-z_]+")/g)) literals(m[1]!).forEach((a) => found.add(a));
    for (const m of text.matchAll(/(?<!fn )\baudit_[a-z_]+\(([^;]*)/g)) literals(m[1]!).slice(0, 1).forEach((a) => found.add(a));
    for (const m of text.matchAll(/fn action\(&self\)[^{]*\{([^]*?)\n {4}\}/g)) literals(m[1]!).forEach((a) => found.add(a));
    for (const m of text.matchAll(/let action = match [^{]*\{([^]*?)\};/g)) literals(m[1]!).forEach((a) => found.add(a));
  }
  return found;
}

describe('audit labels', () => {
  const sources = Object.keys(rust).length > 0;

  it.runIf(sources)('knows every action the server writes', () => {
    const actions = serverActions(rust);
    expect(actions.size).toBeGreaterThan(30);
    expect(actions).toContain('status_change');
    expect(actions).toContain('sessions_ended');
    const missing = [...actions].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    expect(missing, 'audit actions written by api/src with no translation in src/lib/audit-labels.ts').toEqual([]);
  });

  it.runIf(sources)('knows every entity type the server writes', () => {
    const types = new Set(Object.values(rust).flatMap((text) => [...text.matchAll(/\bentity_type: "([a-z_]+)"/g)].map((m) => m[1]!)));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((e) => !(AUDIT_ENTITY_TYPES as readonly string[]).includes(e))).toEqual([]);
  });

  it('has a Vietnamese and an English name for each, never the bare code', () => {
    for (const dict of [vi, en] as Record<string, string>[]) {
      for (const a of AUDIT_ACTIONS) expect(dict[`audit.action.${a}`], a).toMatch(/\S/);
      for (const e of AUDIT_ENTITY_TYPES) expect(dict[`audit.entity.${e}`], e).toMatch(/\S/);
      for (const f of AUDIT_FIELDS) expect(dict[`audit.fieldName.${f}`], f).toMatch(/\S/);
    }
    const t = translator('vi');
    for (const a of AUDIT_ACTIONS) expect(auditActionLabel(a, t)).not.toMatch(/^[a-z_]+$/);
    for (const f of AUDIT_FIELDS) expect(auditFieldLabel(f, t)).not.toBe(f);
  });

  it('names actions, types and fields in the chosen language, and marks an unknown action', () => {
    const viT = translator('vi');
    const enT = translator('en');
    expect(auditActionLabel('status_change', viT)).toBe('Đổi trạng thái');
    expect(auditActionLabel('sessions_ended', viT)).toBe('Kết thúc các phiên đăng nhập khác');
    expect(auditActionLabel('second_factor_reset', enT)).toBe('Two-step verification reset');
    expect(auditActionLabel('teleport', viT)).toBe('Hành động khác (teleport)');
    expect(auditEntityLabel('indicator_value', viT)).toBe('Số liệu chỉ tiêu');
    expect(auditEntityLabel('spaceship', viT)).toBe('spaceship');
    expect(auditFieldLabel('due_date', viT)).toBe('Hạn hoàn thành');
    expect(auditFieldLabel('lead_agency_id', enT)).toBe('Lead agency');
    expect(auditFieldLabel('warp_factor', viT)).toBeNull();
  });

  it('shows before/after values by name, dates dd/mm/yyyy and the decimal comma', () => {
    const t = translator('vi');
    expect(auditValueLabel('status', 'in_progress', 'task', t, 'vi')).toBe('Đang thực hiện');
    expect(auditValueLabel('status', 'submitted', 'indicator_value', t, 'vi')).toBe('Đã gửi');
    expect(auditValueLabel('health', 'off_track', 'task', t, 'vi')).not.toBe('off_track');
    expect(auditValueLabel('due_date', '2026-11-16', 'task', t, 'vi')).toBe('16/11/2026');
    expect(auditValueLabel('due_date', '2026-11-16', 'task', translator('en'), 'en')).toBe('16 Nov 2026');
    expect(auditValueLabel('progress', 32.9, 'task', t, 'vi')).toBe('32,9');
    expect(auditValueLabel('drives_task_progress', true, 'indicator', t, 'vi')).toBe('Có');
    expect(auditValueLabel('title', 'Cải tạo chợ', 'task', t, 'vi')).toBe('Cải tạo chợ');
    expect(auditValueLabel('status', 'mystery', 'task', t, 'vi')).toBe('mystery');
    expect(auditValueLabel('note', undefined, 'task', t, 'vi')).toBe('');
  });
});
