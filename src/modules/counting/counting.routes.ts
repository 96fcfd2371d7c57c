// HTTP adapter of cycle counting (SPEC §4). Thin over counting.policy/plan/workflow/queries.

import { Type } from 'typebox';
import type { RouteModule } from '../../http/app.js';
import { runCommand } from '../../http/command.js';

import { isDomainError } from '../../kernel/errors.js';
import { classifyItems, createRule, itemClassHistory, listCounterProfiles, listRules, loadPolicy, policyDto, requireSite, setPolicy, updateRule, upsertCounterProfile } from './counting.policy.js';
import { assignCountDay, assignTask, createAdhocCount, generateCountSchedule, scanTriggers, triggerPickShortage } from './counting.plan.js';
import {
  addAttachment, approveCorrection, CAUSE_CODES, completeInvestigation, getAttachment, getInvestigation, getTaskSheet, orderRecount, recordObservation, rejectCorrection,
  saveInvestigationNote, submitTask, workflowDeps, type ObservationInput,
} from './counting.workflow.js';
import { getLine, listCorrections, listInvestigations, listLines, listTasks, scheduleCalendar } from './counting.queries.js';
import { checkSite } from './counting.access.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Dec = Type.String({ minLength: 1, maxLength: 40 });
const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 500 })) };
const Limits = Type.Object({ qty: Type.Optional(Dec), pct: Type.Optional(Dec), value: Type.Optional(Dec), valuePct: Type.Optional(Dec) }, { additionalProperties: false });
const RuleIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scope: Type.Union(['item', 'category', 'abc_class', 'criticality', 'zone', 'site', 'default'].map((s) => Type.Literal(s))),
  scopeValue: Type.Optional(Type.String({ maxLength: 100 })),
  site: Type.Optional(Type.String({ maxLength: 100 })),
  autoAccept: Type.Optional(Limits), recount: Type.Optional(Limits), investigate: Type.Optional(Limits),
  autoCorrect: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const PolicyIn = Type.Object({
  countsPerYear: Type.Optional(Type.Object({ A: Type.Optional(Type.Integer()), B: Type.Optional(Type.Integer()), C: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
  criticalMinPerYear: Type.Optional(Type.Integer()),
  varianceBoost: Type.Optional(Type.Object({ factor: Type.Optional(Type.Integer()), max: Type.Optional(Type.Integer()), cleanCountsToReset: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
  dailyCapacity: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  workingDays: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 7 })),
  blindCounts: Type.Optional(Type.Boolean()), autoCorrect: Type.Optional(Type.Boolean()), blockBinsWhileCounting: Type.Optional(Type.Boolean()),
  validationRecountDays: Type.Optional(Type.Integer()), supervisorLimit: Type.Optional(Dec),
  abc: Type.Optional(Type.Object({ basis: Type.Optional(Type.Union(['value', 'velocity_count', 'velocity_qty'].map((s) => Type.Literal(s)))), aPct: Type.Optional(Dec), bPct: Type.Optional(Dec) }, { additionalProperties: false })),
}, { additionalProperties: false });
const ObservationFields = {
  lineId: Type.Optional(Type.Integer({ minimum: 1 })),
  item: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  qty: Type.Optional(Dec),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  lot: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  lotExpiry: Type.Optional(Day),
  binEmpty: Type.Optional(Type.Boolean()),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  secondCounterUserId: Type.Optional(Type.Integer({ minimum: 1 })),
  device: Type.Optional(Type.String({ maxLength: 100 })),
  clientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  observedAt: Type.Optional(Type.String({ format: 'date-time' })),
};
const NoteIn = Type.Object({
  causes: Type.Optional(Type.Array(Type.Union(CAUSE_CODES.map((c) => Type.Literal(c))), { maxItems: 12 })),
  evidenceText: Type.Optional(Type.String({ maxLength: 10000 })),
  correctiveActions: Type.Optional(Type.Array(Type.Object({ what: Type.String({ minLength: 1, maxLength: 500 }), owner: Type.String({ minLength: 1, maxLength: 100 }), due: Type.Optional(Day) }, { additionalProperties: false }), { maxItems: 50 })),
  conclusion: Type.Optional(Type.String({ maxLength: 5000 })),
  foundLocation: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

export const countingRoutes: RouteModule = (app, deps) => {
  const db = deps.db;
  const wf = workflowDeps(db);
  const tags = ['counting'];

  app.get('/api/v1/counting/policy/:site', { schema: { tags, summary: 'Count policy of a site', params: Type.Object({ site: Type.String() }) }, config: { permission: 'counting.read' } },
    async (req) => { const s = await requireSite(db.k, req.params.site); checkSite(req.ctx, 'counting.read', s.id, 'site', `site ${s.code}`); return policyDto(s.code, await loadPolicy(db.k, s.id)); });
  app.put('/api/v1/counting/policy/:site', { schema: { tags, summary: 'Set the count policy of a site', params: Type.Object({ site: Type.String() }), body: PolicyIn }, config: { permission: 'counting.policy' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => setPolicy(tx, ctx, req.params.site, req.body as never)));

  app.get('/api/v1/counting/tolerance-rules', { schema: { tags, summary: 'Tolerance rules' }, config: { permission: 'counting.read' } }, async () => ({ items: await listRules(db.k) }));
  app.post('/api/v1/counting/tolerance-rules', { schema: { tags, summary: 'Create a tolerance rule', body: RuleIn }, config: { permission: 'counting.policy' } },
    async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => createRule(tx, ctx, req.body as never)));
  app.put('/api/v1/counting/tolerance-rules/:id', { schema: { tags, summary: 'Replace a tolerance rule', params: Id, body: RuleIn }, config: { permission: 'counting.policy' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => updateRule(tx, ctx, req.params.id, req.body as never)));

  app.get('/api/v1/counting/counters', { schema: { tags, summary: 'Counter profiles' }, config: { permission: 'counting.read' } }, async () => ({ items: await listCounterProfiles(db.k) }));
  app.put('/api/v1/counting/counters/:userId', {
    schema: { tags, summary: 'Create or update a counter profile', params: Type.Object({ userId: Type.Integer({ minimum: 1 }) }),
      body: Type.Object({ displayName: Type.String({ minLength: 1, maxLength: 100 }), skillLevel: Type.Integer(), homeZones: Type.Array(Type.String(), { maxItems: 100 }), dailyCapacityMinutes: Type.Integer(), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    config: { permission: 'counting.assign' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => upsertCounterProfile(tx, ctx, { userId: req.params.userId, ...req.body })));

  app.post('/api/v1/counting/abc/classify', {
    schema: { tags, summary: 'Classify items A/B/C from trailing-12-month consumption', body: Type.Object({ site: Type.Optional(Type.String()), basis: Type.Optional(Type.Union(['value', 'velocity_count', 'velocity_qty'].map((s) => Type.Literal(s)))), aPct: Type.Optional(Dec), bPct: Type.Optional(Dec) }, { additionalProperties: false }) },
    config: { permission: 'counting.schedule' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => classifyItems(tx, ctx, req.body as never)));
  app.get('/api/v1/counting/abc/items/:sku', { schema: { tags, summary: 'An item\'s ABC class history', params: Type.Object({ sku: Type.String() }) }, config: { permission: 'counting.read' } },
    async (req) => ({ items: await itemClassHistory(db.k, req.params.sku) }));

  app.post('/api/v1/counting/schedules', {
    schema: { tags, summary: 'Generate the count schedule of a period', body: Type.Object({ site: Type.String(), periodStart: Day, periodEnd: Day, manual: Type.Optional(Type.Array(Type.Object({ item: Type.String(), location: Type.String() }, { additionalProperties: false }), { maxItems: 10000 })) }, { additionalProperties: false }) },
    config: { permission: 'counting.schedule' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => generateCountSchedule(tx, ctx, req.body)));
  app.get('/api/v1/counting/schedule', { schema: { tags, summary: 'Schedule calendar: lines per day and why', querystring: Type.Object({ site: Type.String(), from: Day, to: Day }, { additionalProperties: false }) }, config: { permission: 'counting.read' } },
    async (req) => scheduleCalendar(db.k, req.ctx, req.query));

  app.post('/api/v1/counting/assignments', {
    schema: { tags, summary: 'Group a day\'s lines into tasks and assign them to counters', body: Type.Object({ site: Type.String(), date: Day, shiftStart: Type.Optional(Type.String({ format: 'date-time' })), maxTaskLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), minutesPerLine: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })) }, { additionalProperties: false }) },
    config: { permission: 'counting.assign' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => assignCountDay(tx, ctx, req.body)));
  app.post('/api/v1/counting/tasks/:id/assign', {
    schema: { tags, summary: 'Assign or reassign a task', params: Id, body: Type.Object({ counterUserId: Type.Integer({ minimum: 1 }), dueAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }) },
    config: { permission: 'counting.assign' },
  }, async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => assignTask(tx, ctx, { taskId: req.params.id, ...req.body })));

  app.post('/api/v1/counting/adhoc', {
    schema: { tags, summary: 'An ad-hoc count of a bin, an item or a zone', body: Type.Object({ site: Type.String(), by: Type.Union([Type.Literal('bin'), Type.Literal('item'), Type.Literal('zone')]), target: Type.String({ minLength: 1 }), counterUserId: Type.Optional(Type.Integer({ minimum: 1 })), blind: Type.Optional(Type.Boolean()), dueAt: Type.Optional(Type.String({ format: 'date-time' })), reason: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }) },
    config: { permission: 'counting.schedule' },
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => createAdhocCount(tx, ctx, req.body)));
  app.post('/api/v1/counting/triggers/scan', { schema: { tags, summary: 'Plan counts for negative balances and bins that went to zero', body: Type.Object({ site: Type.String() }, { additionalProperties: false }) }, config: { permission: 'counting.schedule' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => scanTriggers(tx, ctx, req.body.site)));
  app.post('/api/v1/counting/triggers/pick-shortage', { schema: { tags, summary: 'A picker found less than the system: count that bin', body: Type.Object({ item: Type.String(), location: Type.String(), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) }, config: { permission: 'ledger.post' } },
    async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => triggerPickShortage(tx, ctx, req.body)));

  app.get('/api/v1/counting/tasks', {
    schema: { tags, summary: 'Count tasks', querystring: Type.Object({ site: Type.Optional(Type.String()), status: Type.Optional(Type.String()), counterUserId: Type.Optional(Type.Integer()), date: Type.Optional(Day), ...Paging }, { additionalProperties: false }) },
    config: { permission: 'counting.read' },
  }, async (req) => listTasks(db.k, req.ctx, req.query));
  app.get('/api/v1/counting/my-tasks', { schema: { tags, summary: 'The caller\'s open count tasks', querystring: Type.Object(Paging, { additionalProperties: false }) }, config: { permission: 'counting.count' } },
    async (req) => listTasks(db.k, req.ctx, { ...req.query, mine: true }));
  app.get('/api/v1/counting/tasks/:id', { schema: { tags, summary: 'Task sheet (no system quantity for a counter on a blind task)', params: Id }, config: { permission: 'counting.count' } },
    async (req) => getTaskSheet(db.k, req.ctx, req.params.id));
  app.post('/api/v1/counting/tasks/:id/observations', { schema: { tags, summary: 'Record a count observation', params: Id, body: Type.Object(ObservationFields, { additionalProperties: false }) }, config: { permission: 'counting.count' } },
    async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => recordObservation(wf, tx, ctx, { taskId: req.params.id, ...req.body } as ObservationInput)));
  app.post('/api/v1/counting/observations/batch', {
    schema: { tags, summary: 'Send a device\'s queued observations; each is recorded once (by clientKey) and answered on its own',
      body: Type.Object({ observations: Type.Array(Type.Object({ taskId: Type.Integer({ minimum: 1 }), ...ObservationFields, clientKey: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }) },
    config: { permission: 'counting.count' },
  }, async (req) => {
    const results = [];
    // One transaction per observation: a bad one is refused on its own and the rest still land.
    for (const o of req.body.observations) {
      try {
        const r = await db.write((tx) => recordObservation(wf, tx, req.ctx, o as ObservationInput));
        results.push({ clientKey: o.clientKey, status: r.status, observationId: r.observationId, lineId: r.lineId });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        results.push({ clientKey: o.clientKey, status: 'rejected', code: e.code, detail: e.message, errors: e.fields });
      }
    }
    return { results };
  });
  app.post('/api/v1/counting/tasks/:id/submit', { schema: { tags, summary: 'Submit a counted task: variances are computed and checked against tolerance', params: Id }, config: { permission: 'counting.count' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => submitTask(wf, tx, ctx, req.params.id)));

  app.get('/api/v1/counting/lines', {
    schema: { tags, summary: 'Count lines for variance review (shortage = system − counted)', querystring: Type.Object({ site: Type.Optional(Type.String()), status: Type.Optional(Type.String()), kind: Type.Optional(Type.String()), flagged: Type.Optional(Type.Boolean()), taskId: Type.Optional(Type.Integer()), from: Type.Optional(Day), to: Type.Optional(Day), ...Paging }, { additionalProperties: false }) },
    config: { permission: 'counting.read' },
  }, async (req) => listLines(db.k, req.ctx, req.query));
  app.get('/api/v1/counting/lines/:id', { schema: { tags, summary: 'One count line with its observations', params: Id }, config: { permission: 'counting.read' } }, async (req) => getLine(db.k, req.ctx, req.params.id));
  app.post('/api/v1/counting/lines/:id/recount', { schema: { tags, summary: 'Order a blind recount by a different counter', params: Id }, config: { permission: 'counting.review' } },
    async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => orderRecount(tx, ctx, req.params.id)));

  app.get('/api/v1/counting/investigations', { schema: { tags, summary: 'Investigations', querystring: Type.Object({ status: Type.Optional(Type.String()), mine: Type.Optional(Type.Boolean()), ...Paging }, { additionalProperties: false }) }, config: { permission: 'counting.read' } },
    async (req) => listInvestigations(db.k, req.ctx, req.query));
  app.get('/api/v1/counting/investigations/:id', { schema: { tags, summary: 'An investigation with its evidence', params: Id }, config: { permission: 'counting.read' } }, async (req) => getInvestigation(db.k, req.params.id, req.ctx));
  app.put('/api/v1/counting/investigations/:id/note', { schema: { tags, summary: 'Write the investigation note', params: Id, body: NoteIn }, config: { permission: 'counting.investigate' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => saveInvestigationNote(tx, ctx, req.params.id, req.body as never)));
  app.post('/api/v1/counting/investigations/:id/attachments', {
    schema: { tags, summary: 'Attach evidence (base64)', params: Id, body: Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200 }), contentType: Type.String({ minLength: 1, maxLength: 100 }), dataBase64: Type.String({ minLength: 1 }) }, { additionalProperties: false }) },
    config: { permission: 'counting.investigate' }, bodyLimit: 8 * 1024 * 1024,
  }, async (req, reply) => runCommand(db, req, reply, 201, (tx, ctx) => addAttachment(tx, ctx, req.params.id, req.body)));
  app.get('/api/v1/counting/attachments/:id', { schema: { tags, summary: 'Download an attachment', params: Id }, config: { permission: 'counting.read' } }, async (req, reply) => {
    const a = await getAttachment(db.k, req.params.id);
    return reply.type(a.contentType).header('content-disposition', `attachment; filename="${a.filename.replace(/[^\w.-]/g, '_')}"`).send(a.bytes);
  });
  app.post('/api/v1/counting/investigations/:id/complete', { schema: { tags, summary: 'Complete an investigation; the correction is proposed', params: Id, body: NoteIn }, config: { permission: 'counting.investigate' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => completeInvestigation(tx, ctx, req.params.id, req.body as never)));

  app.get('/api/v1/counting/corrections', { schema: { tags, summary: 'Count corrections', querystring: Type.Object({ site: Type.Optional(Type.String()), status: Type.Optional(Type.String()), ...Paging }, { additionalProperties: false }) }, config: { permission: 'counting.read' } },
    async (req) => listCorrections(db.k, req.ctx, req.query));
  app.post('/api/v1/counting/corrections/:id/approve', { schema: { tags, summary: 'Approve and post a correction (within your limit; never your own count)', params: Id }, config: { permission: 'counting.approve' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => approveCorrection(wf, tx, ctx, req.params.id)));
  app.post('/api/v1/counting/corrections/:id/reject', { schema: { tags, summary: 'Reject a correction', params: Id, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) }, config: { permission: 'counting.approve' } },
    async (req, reply) => runCommand(db, req, reply, 200, (tx, ctx) => rejectCorrection(tx, ctx, req.params.id, req.body.note)));
};
