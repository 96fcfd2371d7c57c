import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssignmentLine, CounterProfile, CountTaskPlan } from './counting.types.js';
import { assignDay, assignTasks, planTasks, validateAssignmentInput } from './assignment.rules.js';

function line(key: string, zoneId: string, walkSeq: number, over: Partial<AssignmentLine> = {}): AssignmentLine {
  return { key, itemId: `I-${key}`, locationId: `L-${walkSeq}`, zoneId, walkSeq, skillLevel: 1, critical: false, ...over };
}

function task(taskKey: string, skillLevel: number, estMinutes: number, over: Partial<CountTaskPlan> = {}): CountTaskPlan {
  const zoneId = taskKey.split('#')[0]!;
  return { taskKey, zoneId, lineKeys: [taskKey], skillLevel, critical: false, estMinutes, excludeCounterIds: [], ...over };
}

const SHIFT = '2026-03-02T07:00:00.000Z';

describe('planTasks', () => {
  test('one task per zone in walk order; a large zone split into near-equal tasks', () => {
    const lines = [
      line('a5', 'Z1', 50), line('b2', 'Z2', 20), line('a1', 'Z1', 10), line('a3', 'Z1', 30),
      line('b1', 'Z2', 10), line('a2', 'Z1', 20), line('a4', 'Z1', 40),
    ];
    const tasks = planTasks(lines, { maxTaskLines: 2 });
    // Z1 has 5 lines, max 2 → 3 tasks of 2, 2, 1
    assert.deepEqual(tasks.map((t) => [t.taskKey, t.lineKeys]), [
      ['Z1#1', ['a1', 'a2']],
      ['Z1#2', ['a3', 'a4']],
      ['Z1#3', ['a5']],
      ['Z2#1', ['b1', 'b2']],
    ]);
  });

  const sizes: [number, number, number[]][] = [
    // lines, max per task, task sizes
    [7, 3, [3, 2, 2]],
    [6, 3, [3, 3]],
    [41, 40, [21, 20]],
    [1, 40, [1]],
    [100, 40, [34, 33, 33]],
  ];
  for (const [n, max, expected] of sizes) {
    test(`${n} lines, at most ${max} a task → ${expected.join('+')}`, () => {
      const lines = Array.from({ length: n }, (_, i) => line(`l${i}`, 'Z', i));
      assert.deepEqual(planTasks(lines, { maxTaskLines: max }).map((t) => t.lineKeys.length), expected);
    });
  }

  test('a task needs its highest skill, is critical with any critical line, sums minutes, unions exclusions', () => {
    const [t] = planTasks(
      [
        line('x', 'Z', 1, { skillLevel: 2, estMinutes: 7.5 }),
        line('y', 'Z', 2, { critical: true, excludeCounterIds: ['bob'] }),
        line('z', 'Z', 3, { skillLevel: 3, excludeCounterIds: ['amy', 'bob'] }),
      ],
      { minutesPerLine: 2 },
    );
    assert.deepEqual(
      { skill: t!.skillLevel, critical: t!.critical, minutes: t!.estMinutes, exclude: t!.excludeCounterIds },
      { skill: 3, critical: true, minutes: 12, exclude: ['amy', 'bob'] }, // 7.5 + 2 + 2 = 11.5 → 12
    );
  });

  test('walk ties are broken by location then key', () => {
    const t = planTasks([line('k2', 'Z', 5, { locationId: 'B' }), line('k3', 'Z', 5, { locationId: 'A' }), line('k1', 'Z', 5, { locationId: 'B' })]);
    assert.deepEqual(t[0]!.lineKeys, ['k3', 'k1', 'k2']);
  });
});

describe('assignTasks', () => {
  const counters: CounterProfile[] = [
    { counterId: 'alice', skillLevel: 1, homeZoneIds: ['Z1'], dailyCapacityMinutes: 60 },
    { counterId: 'bob', skillLevel: 2, homeZoneIds: ['Z2'], dailyCapacityMinutes: 60 },
    { counterId: 'carol', skillLevel: 3, homeZoneIds: [], dailyCapacityMinutes: 30 },
  ];
  // Handed out: Z2#1 (critical), then by size Z1#2 50, Z5#1 40, Z6#1 30, Z1#1 10, Z3#1 10, Z4#1 10.
  //   Z2#1 → bob (home, 20/60 = .33 vs carol 20/30)    Z1#2 → alice (only one with room)
  //   Z5#1 → bob (60/60)                               Z6#1 → carol (30/30)
  //   Z1#1 → alice (60/60)   Z3#1: carol is full → no_capacity   Z4#1: nobody has skill 4
  const tasks = [
    task('Z1#1', 1, 10), task('Z1#2', 1, 50), task('Z2#1', 2, 20, { critical: true }),
    task('Z3#1', 3, 10), task('Z4#1', 4, 10), task('Z5#1', 1, 40), task('Z6#1', 1, 30),
  ];
  const r = assignTasks(tasks, counters, { shiftStart: SHIFT });

  test('each task goes where the rules say, with the reasons', () => {
    assert.deepEqual(r.assigned.map((a) => [a.taskKey, a.counterId, a.sequence, a.dueAt, a.reasons]), [
      ['Z1#1', 'alice', 0, '2026-03-02T07:10:00.000Z', ['skill_ok', 'home_zone']],
      ['Z1#2', 'alice', 1, '2026-03-02T08:00:00.000Z', ['skill_ok', 'home_zone']],
      ['Z2#1', 'bob', 0, '2026-03-02T07:20:00.000Z', ['critical_first', 'skill_ok', 'home_zone', 'least_loaded']],
      ['Z5#1', 'bob', 1, '2026-03-02T08:00:00.000Z', ['skill_ok', 'outside_home_zone']],
      ['Z6#1', 'carol', 0, '2026-03-02T07:30:00.000Z', ['skill_ok', 'outside_home_zone']],
    ]);
  });

  test('tasks nobody can take are reported with the reason, not dropped', () => {
    assert.deepEqual(r.unassigned.map((u) => [u.taskKey, u.reason]), [['Z3#1', 'no_capacity'], ['Z4#1', 'no_skilled_counter']]);
    assert.equal(r.assigned.length + r.unassigned.length, tasks.length);
  });

  test('loads per counter', () => {
    assert.deepEqual(r.loads.map((l) => [l.counterId, l.minutes, l.tasks, l.capacityMinutes]), [['alice', 60, 2, 60], ['bob', 60, 2, 60], ['carol', 30, 1, 30]]);
  });

  test('a blind recount never goes to the first counter, even in their home zone', () => {
    const rr = assignTasks([task('Z2#1', 1, 10, { excludeCounterIds: ['bob'] })], counters, { shiftStart: SHIFT });
    assert.deepEqual(rr.assigned.map((a) => a.counterId), ['alice']);
    const none = assignTasks([task('Z2#1', 3, 10, { excludeCounterIds: ['carol'] })], counters, { shiftStart: SHIFT });
    assert.deepEqual(none.unassigned.map((u) => u.reason), ['no_skilled_counter']);
  });

  test('home zone is preferred while it fits; least_loaded is only said when true', () => {
    const two: CounterProfile[] = [
      { counterId: 'home', skillLevel: 1, homeZoneIds: ['Z1'], dailyCapacityMinutes: 100 },
      { counterId: 'away', skillLevel: 1, homeZoneIds: [], dailyCapacityMinutes: 100 },
    ];
    const rr = assignTasks([task('Z1#1', 1, 40), task('Z1#2', 1, 40), task('Z1#3', 1, 40)], two, { shiftStart: SHIFT });
    const byTask = [...rr.assigned].sort((a, b) => (a.taskKey < b.taskKey ? -1 : 1));
    assert.deepEqual(byTask.map((a) => [a.taskKey, a.counterId, a.reasons.includes('least_loaded')]), [
      ['Z1#1', 'home', true],
      ['Z1#2', 'home', false],
      ['Z1#3', 'away', false],
    ]);
  });

  test('critical tasks come first in a counter\'s day and get the earlier due times', () => {
    const one: CounterProfile[] = [{ counterId: 'solo', skillLevel: 5, homeZoneIds: [], dailyCapacityMinutes: 480 }];
    const rr = assignTasks([task('A#1', 1, 30), task('B#1', 1, 30, { critical: true }), task('C#1', 1, 30)], one, { shiftStart: SHIFT });
    assert.deepEqual(rr.assigned.map((a) => [a.taskKey, a.dueAt.slice(11, 16)]), [['B#1', '07:30'], ['A#1', '08:00'], ['C#1', '08:30']]);
  });

  test('workload is balanced across equal counters', () => {
    const four: CounterProfile[] = ['c1', 'c2', 'c3', 'c4'].map((counterId) => ({ counterId, skillLevel: 1, homeZoneIds: [], dailyCapacityMinutes: 480 }));
    const many = Array.from({ length: 40 }, (_, i) => task(`Z${i}#1`, 1, 5 + (i % 7) * 5));
    const rr = assignTasks(many, four, { shiftStart: SHIFT });
    const mins = rr.loads.map((l) => l.minutes);
    assert.equal(rr.unassigned.length, 0);
    assert.ok(Math.max(...mins) - Math.min(...mins) <= 5, mins.join(','));
  });

  test('validation names bad options and counters', () => {
    assert.deepEqual(
      validateAssignmentInput([counters[0]!, counters[0]!, { ...counters[1]!, dailyCapacityMinutes: -1 }], { shiftStart: 'soon', maxTaskLines: 0 }).map((e) => e.field),
      ['maxTaskLines', 'shiftStart', 'counters/1/counterId', 'counters/2/dailyCapacityMinutes'],
    );
  });
});

describe('assignDay: 100,000 lines and 20 counters', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const lines: AssignmentLine[] = Array.from({ length: 100_000 }, (_, i) =>
    line(`l${i}`, `Z${String(Math.floor(rnd() * 200)).padStart(3, '0')}`, Math.floor(rnd() * 5_000), {
      skillLevel: rnd() < 0.9 ? 1 : rnd() < 0.8 ? 2 : 3,
      critical: rnd() < 0.02,
    }),
  );
  const counters: CounterProfile[] = Array.from({ length: 20 }, (_, i) => ({
    counterId: `c${String(i).padStart(2, '0')}`,
    skillLevel: 1 + (i % 3),
    homeZoneIds: Array.from({ length: 10 }, (_, z) => `Z${String(i * 10 + z).padStart(3, '0')}`),
    dailyCapacityMinutes: 20_000,
  }));
  const started = performance.now();
  const r = assignDay(lines, counters, { shiftStart: SHIFT, maxTaskLines: 40, minutesPerLine: 3 });
  const elapsedMs = performance.now() - started;
  const plans = [...r.assigned, ...r.unassigned];

  test(`${plans.length} tasks in ${elapsedMs.toFixed(0)} ms; every line in exactly one task of ≤ 40 lines`, () => {
    const seen = new Set<string>();
    for (const t of plans) {
      assert.ok(t.lineKeys.length >= 1 && t.lineKeys.length <= 40);
      for (const k of t.lineKeys) {
        assert.ok(!seen.has(k), k);
        seen.add(k);
      }
    }
    assert.equal(seen.size, lines.length);
  });

  test('skill and capacity respected; nothing unassigned when capacity suffices', () => {
    const byId = new Map(counters.map((c) => [c.counterId, c]));
    for (const t of r.assigned) assert.ok(byId.get(t.counterId)!.skillLevel >= t.skillLevel);
    for (const l of r.loads) assert.ok(l.minutes <= l.capacityMinutes);
    assert.equal(r.unassigned.length, 0);
  });

  test('per counter: critical first, due times rising', () => {
    const byCounter = new Map<string, typeof r.assigned[number][]>();
    for (const t of r.assigned) (byCounter.get(t.counterId) ?? byCounter.set(t.counterId, []).get(t.counterId)!).push(t);
    for (const ts of byCounter.values()) {
      ts.sort((a, b) => a.sequence - b.sequence);
      for (let i = 1; i < ts.length; i++) {
        assert.ok(ts[i - 1]!.dueAt < ts[i]!.dueAt);
        assert.ok(ts[i - 1]!.critical || !ts[i]!.critical);
      }
    }
  });
});
