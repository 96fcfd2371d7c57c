// Public surface of the access module: people, roles, permissions, sessions, tokens, site scoping.
import './access.tables.js';
export * from './access.rules.js';
export * from './access.errors.js';
export { siteScope, inScope, assertSiteAllowed } from './access.scope.js';
export { mayApproveCorrection, type ApprovalQuestion } from './access.policy.js';
export { usersWithRole, recipientsWithRole } from './access.directory.js';
export {
  createUser, updateUser, setRoles, resetPassword, changePassword, login, logout, createToken, revokeToken, setSiteSettings, parseExpiry,
  SESSION_HOURS, type CreateUserInput, type CreateTokenInput, type RoleInput, type LoginResult,
} from './access.commands.js';
export {
  listUsers, findUser, getUser, listTokens, getToken, principalOfSession, principalOfToken, getSiteSettings, grantsOfUser,
  type UserDto, type TokenDto, type RoleDto, type SiteSettingsDto,
} from './access.queries.js';
export { sha256, safeEqualHex, generatePassword, csrfTokenFor } from './access.crypto.js';
export { accessRoutes } from './access.routes.js';
export { accessCli } from './access.cli.js';
export { demoUsersHook } from './access.demo.js';
