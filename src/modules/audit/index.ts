// Public surface of the audit module.
export * from './audit.js';
export * from './audit.errors.js';
export { listAuditEvents, auditCsv, csvField, type AuditFilter, type AuditEventDto } from './audit.queries.js';
export { auditRoutes } from './audit.routes.js';
export { auditCli } from './audit.cli.js';
