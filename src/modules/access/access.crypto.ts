// Secrets: passwords hashed with scrypt (node:crypto), session cookies, CSRF tokens and API tokens
// as random values stored only as sha256 hashes. Nothing here logs or returns a stored secret.

import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));

// N=2^15, r=8, p=1: OWASP's minimum for scrypt; about 50 ms and 32 MiB per hash.
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pw.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time compare; a malformed stored hash never verifies. */
export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(pw.normalize('NFC'), Buffer.from(saltText, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Hash of a password nobody has: verified against when the username is unknown, so both cases take as long. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The CSRF token of a session, derived from its cookie value: HMAC-SHA256 keyed with the cookie.
 * GET /auth/me must hand the token back (the web app keeps it in memory, not in localStorage), yet
 * the database keeps only hashes. Deriving it from the cookie needs nothing stored and no key to
 * keep, back up or rotate (unlike an installation secret, or the token encrypted), works on every
 * server at once, and ends with the session. Only a holder of the HttpOnly cookie can compute it;
 * the token, if it leaks, does not reveal the cookie (a 256-bit random key behind a one-way MAC).
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('stockroom.csrf.v1').digest('base64url');
}

export const TOKEN_PREFIX = 'srt_';

export function newApiToken(): string {
  return TOKEN_PREFIX + newSecret(32);
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A readable generated password (no 0/O, 1/l/I), 16 characters ≈ 93 bits. */
export function generatePassword(length = 16): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 256 - (256 % ALPHABET.length)) out += ALPHABET[b % ALPHABET.length];
  }
  return out.length === length ? out : generatePassword(length);
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
