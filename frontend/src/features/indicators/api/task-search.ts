import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { unwrap } from '../../../lib/problem';

/** Tasks by code or name (`GET /tasks?q=`), for linking an indicator to a task. */
export function useTaskSearch(q: string) {
  const query = { q: q || undefined, limit: 50, sort: 'code' } as const;
  return useQuery({
    queryKey: ['tasks', 'list', 'search', query],
    queryFn: async ({ signal }) => {
      const page = unwrap(await apiClient.GET('/api/v1/tasks', { params: { query }, signal }));
      return page.items.map((task) => ({ id: task.id, code: task.code, title: task.title }));
    },
    placeholderData: keepPreviousData,
  });
}
