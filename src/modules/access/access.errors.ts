import { defineErrors } from '../../kernel/error-registry.js';

export const accessErrors = defineErrors('access', {
  unauthenticated: { kind: 'unauthorized', when: 'the route needs a signed-in user or an API token and the request carries neither (or an expired, revoked or unknown one)' },
  forbidden: { kind: 'forbidden', when: 'the caller is signed in but none of their roles or token scopes gives the permission the route needs' },
  site_forbidden: { kind: 'forbidden', when: 'the request touches a site the caller\'s roles or token are not given for' },
  csrf_required: { kind: 'forbidden', when: 'a write authenticated by the session cookie lacks a matching x-csrf-token header' },
  login_failed: { kind: 'unauthorized', when: 'the username or the password is wrong (the answer does not say which)' },
  login_locked: { kind: 'unauthorized', when: 'too many failed logins for this username: it is locked for a while (retryAfterSeconds)' },
  wrong_password: { kind: 'invalid', when: 'changing a password: the current password given is wrong' },
  weak_password: { kind: 'invalid', when: 'a new password is too short, too long, too simple or contains the username' },
  bad_username: { kind: 'invalid', when: 'a username is not 2 to 63 lowercase letters, digits, dot, dash or underscore' },
  duplicate_username: { kind: 'conflict', when: 'a user with this username exists already' },
  user_not_found: { kind: 'not_found', when: 'the user does not exist' },
  unknown_role: { kind: 'invalid', when: 'a role is not one of the roles of SPEC §1' },
  unknown_permission: { kind: 'invalid', when: 'a token scope is not one of the permissions' },
  unknown_site: { kind: 'invalid', when: 'a site limit names a location that is not a site' },
  scope_exceeds: { kind: 'forbidden', when: 'a token would get a scope its owner does not hold' },
  token_not_found: { kind: 'not_found', when: 'the API token does not exist' },
  bad_expiry: { kind: 'invalid', when: 'a token expiry is not a future date-time or a number of days like "90d"' },
  not_a_session: { kind: 'invalid', when: 'the operation needs a signed-in user (session), not an API token' },
  last_admin: { kind: 'conflict', when: 'the change would leave no active user with the admin role' },
  site_not_found: { kind: 'not_found', when: 'the site in the path does not exist' },
});
