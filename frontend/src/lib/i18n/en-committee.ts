import type { viCommittee } from './vi-committee';

/** English strings of a resolution's steering committee and of an agency's sector line. */
export const enCommittee: Record<keyof typeof viCommittee, string> = {
  'committee.title': 'Steering committee',
  'committee.explain': 'Member agencies see the whole resolution read-only; the standing agency manages it as its owner.',
  'committee.standing': 'Standing agency',
  'committee.members': 'Members',
  'committee.noStanding': 'No standing agency',
  'committee.noMembers': 'No members',
  'committee.empty': 'No steering committee has been set up.',
  'committee.edit': 'Edit committee',
  'committee.editTitle': 'Steering committee of resolution {code}',
  'committee.search': 'Type an agency code or name to search',
  'committee.standingHint': 'Leave empty for no standing agency.',
  'committee.membersHint': 'This list replaces all current members.',
  'committee.saved': 'Steering committee saved',
  'committee.closed': 'The resolution is closed: its steering committee cannot change.',
  'committee.memberNotFound': 'Agency {name} was not found or is no longer active.',
  'committee.memberDuplicate': 'Agency {name} is chosen more than once.',
  'committee.memberInvalid': 'Agency {name} cannot be on the steering committee.',
  'agencyPicker.none': 'No matching agency',
  'agencyPicker.other': 'Other agency',
  'agencies.sectorHead': 'Sector line (guiding ministry/department)',
  'agencies.sectorHeadHint': 'The ministry (or, below a province, the department) that guides the agency professionally. Clear it to take the agency out of its line.',
  'agencies.sectorHeadPlaceholder': 'In no sector line',
};
