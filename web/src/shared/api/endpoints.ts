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
  listStock: { method: 'GET', path: '/api/v1/stock', query: ['item', 'location', 'site', 'warehouse', 'zone', 'lot', 'q', 'inventoryType', 'includeZero', 'limit', 'cursor'], permission: 'ledger.read' },
  listMovements: { method: 'GET', path: '/api/v1/movements', query: ['item', 'location', 'type', 'sourceDoc', 'since', 'until', 'limit', 'cursor'], permission: 'ledger.read' },
  getMovement: { method: 'GET', path: '/api/v1/movements/{id}', permission: 'ledger.read' },
  postMovement: { method: 'POST', path: '/api/v1/movements', permission: 'ledger.post' },
  reverseMovement: { method: 'POST', path: '/api/v1/movements/{id}/reverse', permission: 'ledger.post' },
  valuation: { method: 'GET', path: '/api/v1/reports/valuation', query: ['item', 'inventoryType'], permission: 'reports.read' },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Endpoints another engineer is still building: the contract test skips them (naming them) instead of failing. */
export const PENDING_ENDPOINTS: readonly EndpointName[] = [];
