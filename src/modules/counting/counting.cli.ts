// CLI adapter of counting for administration and scripts: classify, schedule, assign, triggers, tasks.

import type { CliModule } from '../../cli/cli.types.js';
import { inTx } from '../../db/db.js';
import { classifyItems } from './counting.policy.js';
import { assignCountDay, generateCountSchedule, scanTriggers } from './counting.plan.js';
import { listTasks } from './counting.queries.js';

export const countingCli: CliModule = (program, deps) => {
  const count = program.command('count').description('cycle counting: ABC classes, schedules, assignment, triggered counts');
  count
    .command('classify')
    .description('classify items A/B/C from trailing-12-month consumption (history is kept)')
    .option('--site <code>', 'consumption of one site only')
    .option('--basis <basis>', 'value | velocity_count | velocity_qty')
    .action(async (o: { site?: string; basis?: 'value' | 'velocity_count' | 'velocity_qty' }) => {
      const db = await deps.openDb();
      const r = await inTx(db, (tx) => classifyItems(tx, deps.ctx(), { ...(o.site ? { site: o.site } : {}), ...(o.basis ? { basis: o.basis } : {}) }));
      deps.out(`ABC run ${r.runId} (${r.basis}): A ${r.counts.A}, B ${r.counts.B}, C ${r.counts.C}; ${r.changed} item(s) changed class`);
    });
  count
    .command('schedule')
    .description('generate the count schedule of a period for a site')
    .requiredOption('--site <code>')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .action(async (o: { site: string; from: string; to: string }) => {
      const db = await deps.openDb();
      const r = await inTx(db, (tx) => generateCountSchedule(tx, deps.ctx(), { site: o.site, periodStart: o.from, periodEnd: o.to }));
      deps.out(`schedule ${r.scheduleId}: ${r.lines} lines for ${r.itemLocations} item-locations over ${r.workingDays} working days (${r.replacedPlannedLines} planned lines replaced)`);
      for (const [reason, n] of Object.entries(r.byReason).sort(([, a], [, b]) => b - a)) deps.out(`  ${reason}: ${n}`);
      if (r.capacity.shortfallLines > 0) deps.out(`  over capacity by ${r.capacity.shortfallLines} lines on ${r.capacity.overCapacityDays} day(s)`);
    });
  count
    .command('assign')
    .description("group a day's planned lines into tasks and assign them to counters")
    .requiredOption('--site <code>')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .action(async (o: { site: string; date: string }) => {
      const db = await deps.openDb();
      const r = await inTx(db, (tx) => assignCountDay(tx, deps.ctx(), { site: o.site, date: o.date }));
      for (const t of r.tasks) deps.out(`task ${t.taskId} ${t.zone}: ${t.lines} lines, ~${t.estimatedMinutes} min → user ${t.counterUserId}, due ${t.dueAt}${t.critical ? ' (critical first)' : ''}`);
      for (const t of r.unassigned) deps.out(`task ${t.taskId} ${t.zone}: ${t.lines} lines NOT assigned (${t.reason})`);
    });
  count
    .command('triggers')
    .description('plan counts for negative balances and bins that went to zero')
    .requiredOption('--site <code>')
    .action(async (o: { site: string }) => {
      const db = await deps.openDb();
      const r = await inTx(db, (tx) => scanTriggers(tx, deps.ctx(), o.site));
      deps.out(`triggered: ${r.negative} negative balance(s), ${r.atZero} bin(s) at zero`);
    });
  count
    .command('tasks')
    .description('count tasks')
    .option('--site <code>')
    .option('--status <status>', 'open | in_progress | completed | cancelled')
    .action(async (o: { site?: string; status?: string }) => {
      const db = await deps.openDb();
      const page = await listTasks(db.k, deps.ctx(), { ...(o.site ? { site: o.site } : {}), ...(o.status ? { status: o.status } : {}), limit: 500 });
      for (const t of page.items) deps.out(`task ${t.taskId} ${t.site}/${t.zone ?? '-'} ${t.kind} ${t.status}: ${t.linesCounted}/${t.lines} counted, counter ${t.counterUserId ?? '-'}, due ${t.dueAt ?? '-'}${t.overdue ? ' OVERDUE' : ''}`);
    });
};
