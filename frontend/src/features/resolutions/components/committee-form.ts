import type { Problem } from '../../../api/models';
import type { Translate } from '../../../lib/i18n/i18n';

const MEMBER = /^member_agency_ids(?:\[(\d+)\]|\.(\d+))?$/;

/**
 * The server's refusals of the members, each naming the agency it is about (`member_agency_ids[2]`
 * → the third one sent), and the problem's other errors for the rest of the form.
 */
export function memberErrors(problem: Problem | null, sent: readonly string[], nameOf: (id: string) => string, t: Translate) {
  const messages: string[] = [];
  const rest: NonNullable<Problem['errors']> = [];
  for (const error of problem?.errors ?? []) {
    const match = MEMBER.exec(error.field);
    const index = match ? (match[1] ?? match[2]) : undefined;
    const id = index === undefined ? undefined : sent[Number(index)];
    if (!match || !id) {
      rest.push(error);
      continue;
    }
    const name = nameOf(id);
    messages.push(
      error.code === 'not_found'
        ? t('committee.memberNotFound', { name })
        : error.code === 'duplicate'
          ? t('committee.memberDuplicate', { name })
          : t('committee.memberInvalid', { name }),
    );
  }
  return { messages, rest: problem ? { ...problem, errors: rest } : null };
}
