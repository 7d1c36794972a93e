import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Shared by every meterkit HTTP endpoint that serves metrics (the Prometheus scrape handler and the
// dashboard), so one set of credentials protects both and the check exists once.

/**
 * Credentials a scrape must present (`prometheus.scrapeAuth`). With both set, either one is
 * accepted, e.g. while moving scrapers from basic auth to a token.
 */
export interface ScrapeAuth {
  /** HTTP basic auth (RFC 7617), Prometheus' `basic_auth`. The username may not contain `:`. */
  readonly basic?: { readonly username: string; readonly password: string };
  /** `Authorization: Bearer <token>` (RFC 6750), Prometheus' `authorization: { credentials }`. */
  readonly bearerToken?: string;
}

/** Checks the `Authorization` header of requests against configured credentials. */
export interface ScrapeAuthenticator {
  /** True when the request carries one of the configured credentials. */
  authenticate(req: IncomingMessage): boolean;
  /** Answers 401 with one `WWW-Authenticate` challenge per accepted scheme. */
  reject(res: ServerResponse): void;
}

/** TLS material for a standalone server: PEM text (or its bytes). */
export interface ServerTls {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
}

/** The realm named in the `WWW-Authenticate` challenges. */
export const SCRAPE_AUTH_REALM = 'metrics';

function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Compares a presented secret with the expected digest in constant time. Both sides are SHA-256
 * digests, so the lengths always match and neither the length nor any prefix of the secret leaks
 * through how long the comparison takes (timingSafeEqual requires equal lengths).
 */
function matches(presented: string | Buffer, expected: Buffer | undefined): boolean {
  return expected !== undefined && timingSafeEqual(sha256(presented), expected);
}

/** Splits `Scheme credentials`; the scheme is case-insensitive (RFC 9110 section 11.1). */
function parseAuthorization(header: string | undefined): { scheme: string; credentials: string } | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return undefined;
  return { scheme: trimmed.slice(0, space).toLowerCase(), credentials: trimmed.slice(space + 1).trim() };
}

/**
 * Creates the check for {@link ScrapeAuth}. Only digests of the secrets are kept; each request's
 * credentials are hashed and compared with `crypto.timingSafeEqual`.
 */
export function createScrapeAuthenticator(auth: ScrapeAuth): ScrapeAuthenticator {
  const basic =
    auth.basic === undefined ? undefined : sha256(`${auth.basic.username}:${auth.basic.password}`);
  const bearer = auth.bearerToken === undefined ? undefined : sha256(auth.bearerToken);
  const challenges: string[] = [];
  if (basic !== undefined) challenges.push(`Basic realm="${SCRAPE_AUTH_REALM}", charset="UTF-8"`);
  if (bearer !== undefined) challenges.push(`Bearer realm="${SCRAPE_AUTH_REALM}"`);
  const accepted = [basic && 'basic auth', bearer && 'a bearer token'].filter(Boolean).join(' or ');

  return {
    authenticate(req) {
      const presented = parseAuthorization(req.headers.authorization);
      if (presented === undefined) return false;
      // Basic credentials are base64 of `user:password` in UTF-8; comparing the decoded bytes as a
      // whole checks username and password in one constant-time comparison.
      if (presented.scheme === 'basic') return matches(Buffer.from(presented.credentials, 'base64'), basic);
      if (presented.scheme === 'bearer') return matches(presented.credentials, bearer);
      return false;
    },
    reject(res) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': challenges });
      res.end(`Unauthorized: metrics need ${accepted}\n`);
    },
  };
}
