import { defineErrors } from '../../kernel/error-registry.js';

export const auditErrors = defineErrors('audit', {
  bad_filter: { kind: 'invalid', when: 'an audit filter is not valid (for example a since/until that is not a date-time)' },
});
