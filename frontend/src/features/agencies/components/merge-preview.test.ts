import { describe, expect, it } from 'vitest';
import type { MergeReport } from '../../../api/models';
import { canConfirmMerge } from './merge-preview';

const preview = { dry_run: true, source_id: 'S', into_id: 'T', conflicts: [] } as unknown as MergeReport;

describe('merge confirmation', () => {
  it('needs a preview of the same source and successor', () => {
    expect(canConfirmMerge(preview, 'S', 'T')).toBe(true);
    expect(canConfirmMerge(preview, 'S', 'U')).toBe(false);
    expect(canConfirmMerge(null, 'S', 'T')).toBe(false);
    expect(canConfirmMerge({ ...preview, dry_run: false }, 'S', 'T')).toBe(false);
  });
});
