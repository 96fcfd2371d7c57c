// Task building and assignment (spec §4.2, seed 000 step 2): a day's lines are grouped by zone
// in walk order, split into tasks of bounded size, and handed to counters by skill, home zone,
// balanced workload and priority (critical first). Nothing is dropped: a task nobody can take
// is returned with the reason.

import { assert, type FieldError } from '../../kernel/errors.js';
import type {
  AssignedTask,
  AssignmentLine,
  AssignmentOptions,
  AssignmentReason,
  AssignmentResult,
  CounterLoad,
  CounterProfile,
  CountTaskPlan,
  UnassignedTask,
} from './counting.types.js';

export const DEFAULT_MAX_TASK_LINES = 40;
export const DEFAULT_MINUTES_PER_LINE = 3;

export function validateAssignmentInput(counters: readonly CounterProfile[], options: AssignmentOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.maxTaskLines !== undefined && !(Number.isInteger(options.maxTaskLines) && options.maxTaskLines >= 1)) {
    errors.push({ field: 'maxTaskLines', reason: 'must be an integer ≥ 1' });
  }
  if (options.minutesPerLine !== undefined && !(Number.isFinite(options.minutesPerLine) && options.minutesPerLine > 0)) {
    errors.push({ field: 'minutesPerLine', reason: 'must be a positive number' });
  }
  if (Number.isNaN(Date.parse(options.shiftStart))) errors.push({ field: 'shiftStart', reason: 'must be an ISO timestamp' });
  const seen = new Set<string>();
  counters.forEach((c, i) => {
    if (!c.counterId) errors.push({ field: `counters/${i}/counterId`, reason: 'is required' });
    else if (seen.has(c.counterId)) errors.push({ field: `counters/${i}/counterId`, reason: 'is listed twice' });
    seen.add(c.counterId);
    if (!(Number.isFinite(c.dailyCapacityMinutes) && c.dailyCapacityMinutes >= 0)) {
      errors.push({ field: `counters/${i}/dailyCapacityMinutes`, reason: 'must be a number ≥ 0' });
    }
  });
  return errors;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups lines into tasks: one zone per task, lines in walk sequence (then location, key), a zone
 * over maxTaskLines split into ⌈n/max⌉ near-equal tasks so no counter gets a stub. A task needs
 * the highest skill of its lines, is critical when any line is, and excludes every counter any of
 * its lines excludes. Estimated minutes are rounded up to whole minutes.
 */
export function planTasks(lines: readonly AssignmentLine[], options: Pick<AssignmentOptions, 'maxTaskLines' | 'minutesPerLine'> = {}): CountTaskPlan[] {
  const maxLines = options.maxTaskLines ?? DEFAULT_MAX_TASK_LINES;
  const perLine = options.minutesPerLine ?? DEFAULT_MINUTES_PER_LINE;
  assert(Number.isInteger(maxLines) && maxLines >= 1 && perLine > 0, 'task options are validated by the caller');
  const sorted = [...lines].sort(
    (x, y) => cmpStr(x.zoneId, y.zoneId) || x.walkSeq - y.walkSeq || cmpStr(x.locationId, y.locationId) || cmpStr(x.key, y.key),
  );
  const tasks: CountTaskPlan[] = [];
  let start = 0;
  while (start < sorted.length) {
    const zoneId = sorted[start]!.zoneId;
    let end = start;
    while (end < sorted.length && sorted[end]!.zoneId === zoneId) end++;
    const n = end - start;
    const parts = Math.ceil(n / maxLines);
    const small = Math.floor(n / parts);
    const bigger = n % parts; // the first `bigger` tasks take one line more
    let at = start;
    for (let p = 0; p < parts; p++) {
      const size = small + (p < bigger ? 1 : 0);
      const chunk = sorted.slice(at, at + size);
      at += size;
      let skill = 0;
      let critical = false;
      let minutes = 0;
      const exclude = new Set<string>();
      for (const l of chunk) {
        skill = Math.max(skill, l.skillLevel);
        critical ||= l.critical;
        minutes += l.estMinutes ?? perLine;
        for (const id of l.excludeCounterIds ?? []) exclude.add(id);
      }
      tasks.push({
        taskKey: `${zoneId}#${p + 1}`,
        zoneId,
        lineKeys: chunk.map((l) => l.key),
        skillLevel: skill,
        critical,
        estMinutes: Math.ceil(minutes - 1e-9),
        excludeCounterIds: [...exclude].sort(),
      });
    }
    start = end;
  }
  return tasks;
}

/**
 * Assigns tasks to counters. Order of handing out: critical tasks first, then the longest
 * (largest-first keeps the loads even), then task key. For each task the eligible counters are
 * those skilled enough, not excluded, with capacity left; home-zone counters are preferred, and
 * among the preferred the one whose load after the task is the smallest share of their capacity
 * wins (ties by counter id). Each counter then works critical tasks first, then in zone/walk order;
 * due time = shift start + the cumulative estimated minutes up to the end of that task.
 */
export function assignTasks(tasks: readonly CountTaskPlan[], counters: readonly CounterProfile[], options: AssignmentOptions): AssignmentResult {
  assert(validateAssignmentInput(counters, options).length === 0, 'assignment input is validated by the caller');
  const shiftStartMs = Date.parse(options.shiftStart);
  const ordered = [...tasks].sort(
    (x, y) => Number(y.critical) - Number(x.critical) || y.estMinutes - x.estMinutes || cmpStr(x.taskKey, y.taskKey),
  );
  const profiles = [...counters].sort((x, y) => cmpStr(x.counterId, y.counterId));
  const homes = profiles.map((c) => new Set(c.homeZoneIds));
  const load = new Float64Array(profiles.length);
  const picked: { task: CountTaskPlan; counter: number; reasons: AssignmentReason[] }[] = [];
  const unassigned: UnassignedTask[] = [];

  for (const task of ordered) {
    const excluded = new Set(task.excludeCounterIds);
    let skilled = 0;
    let best = -1;
    let bestHome = false;
    let bestRatio = Infinity;
    let fits = 0;
    let minRatio = Infinity;
    for (let c = 0; c < profiles.length; c++) {
      const p = profiles[c]!;
      if (p.skillLevel < task.skillLevel || excluded.has(p.counterId)) continue;
      skilled++;
      const after = load[c]! + task.estMinutes;
      if (after > p.dailyCapacityMinutes) continue;
      fits++;
      const home = homes[c]!.has(task.zoneId);
      const ratio = p.dailyCapacityMinutes === 0 ? 0 : after / p.dailyCapacityMinutes;
      minRatio = Math.min(minRatio, ratio);
      if (best === -1 || (home && !bestHome) || (home === bestHome && ratio < bestRatio)) {
        best = c;
        bestHome = home;
        bestRatio = ratio;
      }
    }
    if (best === -1) {
      unassigned.push({ ...task, reason: skilled === 0 ? 'no_skilled_counter' : 'no_capacity' });
      continue;
    }
    load[best]! += task.estMinutes;
    const reasons: AssignmentReason[] = ['skill_ok', bestHome ? 'home_zone' : 'outside_home_zone'];
    if (task.critical) reasons.unshift('critical_first');
    // Said only when it is true: a home-zone pick may be busier than an outsider.
    if (fits > 1 && bestRatio <= minRatio) reasons.push('least_loaded');
    picked.push({ task, counter: best, reasons });
  }

  // Each counter's day: critical first, then walk the zones in order to save travel.
  picked.sort(
    (x, y) => x.counter - y.counter || Number(y.task.critical) - Number(x.task.critical) || cmpStr(x.task.zoneId, y.task.zoneId) || cmpStr(x.task.taskKey, y.task.taskKey),
  );
  const assigned: AssignedTask[] = [];
  const loads: CounterLoad[] = profiles.map((p) => ({ counterId: p.counterId, minutes: 0, lines: 0, tasks: 0, capacityMinutes: p.dailyCapacityMinutes }));
  for (const { task, counter, reasons } of picked) {
    const l = loads[counter]!;
    const minutes = l.minutes + task.estMinutes;
    assigned.push({
      ...task,
      counterId: profiles[counter]!.counterId,
      dueAt: new Date(shiftStartMs + minutes * 60_000).toISOString(),
      sequence: l.tasks,
      reasons,
    });
    loads[counter] = { ...l, minutes, lines: l.lines + task.lineKeys.length, tasks: l.tasks + 1 };
  }
  return { assigned, unassigned, loads };
}

/** planTasks then assignTasks: a day's lines in, assigned and unassignable tasks out. */
export function assignDay(lines: readonly AssignmentLine[], counters: readonly CounterProfile[], options: AssignmentOptions): AssignmentResult {
  return assignTasks(planTasks(lines, options), counters, options);
}
