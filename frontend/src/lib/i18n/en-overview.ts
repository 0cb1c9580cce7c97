import type { viOverview } from './vi-overview';

/** English strings of the leader's overview against the schedule (health, expected progress, tasks behind). */
export const enOverview: Record<keyof typeof viOverview, string> = {
  'overview.byResolution.figures': 'Reached {progress} — expected {expected}',
  'overview.byResolution.reached': 'Reached {progress}',
  'overview.byResolution.expected': 'Expected progress today',
  'overview.byResolution.noTask': 'No tasks',
  'overview.byResolution.hint': 'Bars coloured by health against the expected progress; the black mark is the progress expected today. Click a bar to open the resolution.',
  'overview.byResolution.legendMark': 'Expected progress',
  'overview.rankingHealth': 'Health',
  'overview.rankingHint': 'The laggards come first: worst health, then lowest progress. Click a column heading to sort again.',
  'overview.heat.tipHealth': 'Health: {value}',
  'overview.heat.tipBehind': 'Off track or overdue: {count} ({overdue} overdue)',
  'overview.heat.tipClickBehind': 'Click to list the tasks behind, with days overdue and obstacles',
  'overview.heat.cellLabelBehind': '{agency}, {resolution}: {health}, progress {progress}, {tasks} tasks, {behind} off track or overdue; opens the tasks behind and their obstacles',
  'overview.heat.legendTitle': 'Health:',
  'overview.trend.axes': 'Reported progress reads on the left axis (0–100%), KPI achievement on the right axis.',
  'tasks.daysOverdue': 'Overdue by {days} days',
  'tasks.daysOverdueOne': 'Overdue by {days} day',
  'tasks.latestObstacles': 'Obstacles: {text}',
  'tasks.latestObstaclesLabel': 'Obstacles (latest report)',
  'tasks.expectedProgress': 'Expected {value}',
};
