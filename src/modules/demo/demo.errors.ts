import { defineErrors } from '../../kernel/error-registry.js';

export const demoErrors = defineErrors('demo', {
  not_empty: { kind: 'conflict', when: 'the demo plant is loaded only into a database without items (`demo load --force` loads next to them when no codes clash)' },
  ledger_not_empty: { kind: 'conflict', when: 'the demo plant brings a year of back-dated movements, so it is loaded only into a ledger without movements' },
  bad_scale: { kind: 'invalid', when: 'a demo scale option (--items, --days, --seed) is not a whole number in its range' },
});
