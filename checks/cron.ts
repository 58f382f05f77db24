/**
 * CronJob schedules as Kubernetes reads them: the standard five-field cron syntax of
 * robfig/cron v3's `ParseStandard` (minute, hour, day of month, month, day of week; `*`, `?`,
 * lists, ranges, steps, month and weekday names) or a descriptor (`@hourly`, `@every 5m`, …).
 * The API server refuses a `TZ=`/`CRON_TZ=` prefix (use `spec.timeZone`).
 */
import { isGoDuration } from './formats';

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function value(field: FieldSpec, text: string): number | undefined {
  const byName = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (byName >= 0) return byName + (field.name === 'month' ? 1 : 0);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Why one field does not parse; undefined when it does. */
function fieldProblem(field: FieldSpec, text: string): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === '' || (step !== undefined && !/^\d+$/.test(step))) return `"${part}" is not a value, range or step`;
    if (step !== undefined && Number(step) === 0) return `"${part}" steps by 0`;
    if (range === '*' || range === '?') continue;
    const [low, high, more] = range.split('-');
    const from = value(field, low);
    const to = high === undefined ? from : value(field, high);
    if (more !== undefined || from === undefined || to === undefined) return `"${part}" is not a value, range or step`;
    if (from < field.min || to > field.max) return `"${part}" is outside ${field.min}-${field.max}`;
    if (from > to) return `"${part}" runs backwards`;
  }
  return undefined;
}

/** Why a schedule is not one Kubernetes accepts (a sentence fragment); undefined when it is. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed === '') return 'it is empty';
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'a TZ= or CRON_TZ= prefix is refused by the API server (set the time zone separately)';
  if (trimmed.startsWith('@')) {
    if (DESCRIPTORS.has(trimmed)) return undefined;
    const every = /^@every\s+(\S+)$/.exec(trimmed);
    if (every && isGoDuration(every[1])) return undefined;
    return `"${trimmed}" is not a descriptor (@yearly, @monthly, @weekly, @daily, @hourly, @every <duration>)`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} fields; Kubernetes reads five (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(FIELDS[i], fields[i]);
    if (problem) return `the ${FIELDS[i].name} field: ${problem}`;
  }
  return undefined;
}
