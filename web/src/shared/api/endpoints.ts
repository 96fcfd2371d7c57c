// Every endpoint the web app calls, in one table. test/web/api-contract.test.ts checks each against
// the server's OpenAPI document (path, method, query parameters and permission), so the client and the
// server cannot drift apart silently. Imports nothing: the server-side test reads it as plain data.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface EndpointSpec {
  readonly method: HttpMethod;
  /** OpenAPI style: /api/v1/items/{sku} */
  readonly path: string;
  /** query parameters the app may send */
  readonly query?: readonly string[];
  /** the permission the route declares (x-permission); 'public' for routes open to anyone */
  readonly permission: string;
}

export const ENDPOINTS = {
  // authentication (src/modules/access)
  login: { method: 'POST', path: '/api/v1/auth/login', permission: 'public' },
  logout: { method: 'POST', path: '/api/v1/auth/logout', permission: 'authenticated' },
  me: { method: 'GET', path: '/api/v1/auth/me', permission: 'authenticated' },

  // catalog
  listItems: { method: 'GET', path: '/api/v1/items', query: ['q', 'type', 'category', 'criticality', 'status', 'lotTracked', 'limit', 'cursor'], permission: 'catalog.read' },
  getItem: { method: 'GET', path: '/api/v1/items/{sku}', permission: 'catalog.read' },
  listLocations: { method: 'GET', path: '/api/v1/locations', query: ['kind', 'site', 'parent', 'active', 'limit', 'cursor'], permission: 'catalog.read' },
  locationTree: { method: 'GET', path: '/api/v1/locations/{code}/tree', permission: 'catalog.read' },
  listLots: { method: 'GET', path: '/api/v1/lots', query: ['item', 'expiringBefore', 'active', 'limit', 'cursor'], permission: 'catalog.read' },

  // ledger
  listStock: { method: 'GET', path: '/api/v1/stock', query: ['item', 'location', 'site', 'warehouse', 'zone', 'lot', 'q', 'inventoryType', 'includeZero', 'sort', 'limit', 'cursor'], permission: 'ledger.read' },
  listMovements: { method: 'GET', path: '/api/v1/movements', query: ['item', 'location', 'type', 'sourceDoc', 'since', 'until', 'limit', 'cursor'], permission: 'ledger.read' },
  getMovement: { method: 'GET', path: '/api/v1/movements/{id}', permission: 'ledger.read' },
  postMovement: { method: 'POST', path: '/api/v1/movements', permission: 'ledger.post' },
  reverseMovement: { method: 'POST', path: '/api/v1/movements/{id}/reverse', permission: 'ledger.post' },
  valuation: { method: 'GET', path: '/api/v1/reports/valuation', query: ['item', 'inventoryType'], permission: 'reports.read' },
  // counting desk (web/src/modules/counting): policy, rules, counters, ABC, schedule, assignment, review, investigations, corrections
  countPolicy: { method: 'GET', path: '/api/v1/counting/policy/{site}', permission: 'counting.read' },
  setCountPolicy: { method: 'PUT', path: '/api/v1/counting/policy/{site}', permission: 'counting.policy' },
  listToleranceRules: { method: 'GET', path: '/api/v1/counting/tolerance-rules', permission: 'counting.read' },
  createToleranceRule: { method: 'POST', path: '/api/v1/counting/tolerance-rules', permission: 'counting.policy' },
  updateToleranceRule: { method: 'PUT', path: '/api/v1/counting/tolerance-rules/{id}', permission: 'counting.policy' },
  listCounterProfiles: { method: 'GET', path: '/api/v1/counting/counters', permission: 'counting.read' },
  upsertCounterProfile: { method: 'PUT', path: '/api/v1/counting/counters/{userId}', permission: 'counting.assign' },
  abcClassify: { method: 'POST', path: '/api/v1/counting/abc/classify', permission: 'counting.schedule' },
  abcItemHistory: { method: 'GET', path: '/api/v1/counting/abc/items/{sku}', permission: 'counting.read' },
  generateSchedule: { method: 'POST', path: '/api/v1/counting/schedules', permission: 'counting.schedule' },
  scheduleCalendar: { method: 'GET', path: '/api/v1/counting/schedule', query: ['site', 'from', 'to'], permission: 'counting.read' },
  assignCountDay: { method: 'POST', path: '/api/v1/counting/assignments', permission: 'counting.assign' },
  assignCountTask: { method: 'POST', path: '/api/v1/counting/tasks/{id}/assign', permission: 'counting.assign' },
  adhocCount: { method: 'POST', path: '/api/v1/counting/adhoc', permission: 'counting.schedule' },
  scanCountTriggers: { method: 'POST', path: '/api/v1/counting/triggers/scan', permission: 'counting.schedule' },
  listCountTasks: { method: 'GET', path: '/api/v1/counting/tasks', query: ['site', 'status', 'counterUserId', 'date', 'limit', 'cursor'], permission: 'counting.read' },
  listCountLines: { method: 'GET', path: '/api/v1/counting/lines', query: ['site', 'status', 'kind', 'flagged', 'taskId', 'from', 'to', 'limit', 'cursor'], permission: 'counting.read' },
  getCountLine: { method: 'GET', path: '/api/v1/counting/lines/{id}', permission: 'counting.read' },
  orderRecount: { method: 'POST', path: '/api/v1/counting/lines/{id}/recount', permission: 'counting.review' },
  listInvestigations: { method: 'GET', path: '/api/v1/counting/investigations', query: ['status', 'mine', 'limit', 'cursor'], permission: 'counting.read' },
  getInvestigation: { method: 'GET', path: '/api/v1/counting/investigations/{id}', permission: 'counting.read' },
  saveInvestigationNote: { method: 'PUT', path: '/api/v1/counting/investigations/{id}/note', permission: 'counting.investigate' },
  addInvestigationAttachment: { method: 'POST', path: '/api/v1/counting/investigations/{id}/attachments', permission: 'counting.investigate' },
  getAttachment: { method: 'GET', path: '/api/v1/counting/attachments/{id}', permission: 'counting.read' },
  completeInvestigation: { method: 'POST', path: '/api/v1/counting/investigations/{id}/complete', permission: 'counting.investigate' },
  listCorrections: { method: 'GET', path: '/api/v1/counting/corrections', query: ['site', 'status', 'limit', 'cursor'], permission: 'counting.read' },
  approveCorrection: { method: 'POST', path: '/api/v1/counting/corrections/{id}/approve', permission: 'counting.approve' },
  rejectCorrection: { method: 'POST', path: '/api/v1/counting/corrections/{id}/reject', permission: 'counting.approve' },

  // count reports (web/src/modules/reports)
  countReport: { method: 'GET', path: '/api/v1/reports/counts', query: ['site', 'from', 'to', 'zone', 'taskId', 'format', 'limit', 'cursor'], permission: 'reports.read' },
  countHistory: { method: 'GET', path: '/api/v1/reports/count-history', query: ['site', 'from', 'to', 'zone', 'granularity', 'by', 'top'], permission: 'reports.read' },

  // in-app notifications (web/src/modules/notifications)
  listNotifications: { method: 'GET', path: '/api/v1/notifications', query: ['unread', 'limit', 'cursor'], permission: 'authenticated' },
  unreadNotifications: { method: 'GET', path: '/api/v1/notifications/unread-count', permission: 'authenticated' },
  markNotificationRead: { method: 'POST', path: '/api/v1/notifications/{id}/read', permission: 'authenticated' },
  markAllNotificationsRead: { method: 'POST', path: '/api/v1/notifications/read-all', permission: 'authenticated' },

  // administration (web/src/modules/admin)
  listUsers: { method: 'GET', path: '/api/v1/users', query: ['active', 'role'], permission: 'users.read' },
  createUser: { method: 'POST', path: '/api/v1/users', permission: 'users.admin' },
  updateUser: { method: 'PATCH', path: '/api/v1/users/{id}', permission: 'users.admin' },
  setUserRoles: { method: 'PUT', path: '/api/v1/users/{id}/roles', permission: 'users.admin' },
  resetUserPassword: { method: 'POST', path: '/api/v1/users/{id}/reset-password', permission: 'users.admin' },
  listTokens: { method: 'GET', path: '/api/v1/tokens', query: ['userId', 'includeRevoked'], permission: 'users.read' },
  createToken: { method: 'POST', path: '/api/v1/tokens', permission: 'users.admin' },
  revokeToken: { method: 'DELETE', path: '/api/v1/tokens/{id}', permission: 'users.admin' },
  siteSettings: { method: 'GET', path: '/api/v1/settings/sites/{site}', permission: 'settings.read' },
  setSiteSettings: { method: 'PATCH', path: '/api/v1/settings/sites/{site}', permission: 'settings.admin' },

  // audit trail (web/src/modules/audit)
  listAudit: { method: 'GET', path: '/api/v1/audit', query: ['actor', 'user', 'entity', 'entityId', 'action', 'since', 'until', 'limit', 'cursor'], permission: 'audit.read' },
  exportAuditCsv: { method: 'GET', path: '/api/v1/audit/export.csv', query: ['actor', 'user', 'entity', 'entityId', 'action', 'since', 'until'], permission: 'audit.read' },
  verifyAudit: { method: 'GET', path: '/api/v1/audit/verify', permission: 'audit.read' },

  // the counter's phone screen (web/src/modules/counting-mobile): only routes that never carry a blind task's book quantity
  counterMyTasks: { method: 'GET', path: '/api/v1/counting/my-tasks', query: ['limit', 'cursor'], permission: 'counting.count' },
  counterTaskSheet: { method: 'GET', path: '/api/v1/counting/tasks/{id}', permission: 'counting.count' },
  counterRecordObservation: { method: 'POST', path: '/api/v1/counting/tasks/{id}/observations', permission: 'counting.count' },
  counterSendObservations: { method: 'POST', path: '/api/v1/counting/observations/batch', permission: 'counting.count' },
  counterSubmitTask: { method: 'POST', path: '/api/v1/counting/tasks/{id}/submit', permission: 'counting.count' },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;
