import { defineErrors } from '../../kernel/error-registry.js';

export const reportingErrors = defineErrors('report', {
  bad_filter: { kind: 'invalid', when: 'a report filter is incomplete or inconsistent: name a task, or a site with a from/to date range (from not after to); a zone must be a zone of that site' },
  task_not_found: { kind: 'not_found', when: 'the count task a report asks for does not exist' },
});
