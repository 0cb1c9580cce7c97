import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportKind, ImportPage, ImportResult } from '../../../api/models';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';
import { importOutcome, type ImportContentType } from '../components/import-result';

export const importsKey = ['imports'] as const;

export function useImports(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...importsKey, 'list', page, pageSize],
    queryFn: async ({ signal }): Promise<ImportPage> =>
      unwrap(await apiClient.GET('/api/v1/imports', { params: { query: { limit: pageSize, offset: (page - 1) * pageSize } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export interface RunImport {
  kind: ImportKind;
  text: string;
  contentType: ImportContentType;
  dryRun: boolean;
}

/** Sends the file's raw text; resolves with the result also when the server rejected rows (422). */
export function useRunImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, text, contentType, dryRun }: RunImport): Promise<ImportResult> =>
      importOutcome(
        await apiClient.POST('/api/v1/imports/{kind}', {
          params: { path: { kind }, query: { dry_run: dryRun } },
          body: text,
          bodySerializer: (body) => body, // the file's text as read, whatever the content type
          headers: { 'Content-Type': contentType },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: importsKey }),
  });
}
