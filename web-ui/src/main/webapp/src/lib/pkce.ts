// OAuth 2.0 authorization code flow with PKCE (RFC 7636) for a public client: the pure parts.
import { base64Url, base64UrlToString, sha256, utf8 } from './bytes';

/** A code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43..128). */
export function newVerifier(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return base64Url(random(new Uint8Array(32)));
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export async function challengeS256(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new Error('a PKCE verifier is 43 to 128 unreserved characters');
  }
  return base64Url(await sha256(utf8(verifier)));
}

export interface AuthorizeRequest {
  realmUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
}

export function authorizeUrl(r: AuthorizeRequest): string {
  const params = new URLSearchParams({
    client_id: r.clientId,
    redirect_uri: r.redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: r.state,
    code_challenge: r.challenge,
    code_challenge_method: 'S256',
  });
  return `${r.realmUrl}/protocol/openid-connect/auth?${params}`;
}

/** The form body that trades the code for tokens at the token endpoint. */
export function tokenRequestBody(clientId: string, code: string, redirectUri: string, verifier: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

export type Callback =
  | { kind: 'none' }
  | { kind: 'code'; code: string; state: string }
  | { kind: 'error'; message: string };

/** What Keycloak's redirect back to the page carries in its query. */
export function parseCallback(search: string): Callback {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) {
    return { kind: 'error', message: q.get('error_description') ?? error };
  }
  const code = q.get('code');
  const state = q.get('state');
  if (code && state) {
    return { kind: 'code', code, state };
  }
  return { kind: 'none' };
}

export interface Claims {
  username: string;
  roles: string[];
  expiresAt: number;
}

/** The claims the page uses, read from an access token (the services verify it; the page only displays). */
export function claimsOf(accessToken: string): Claims {
  const parts = accessToken.split('.');
  if (parts.length !== 3) {
    throw new Error('the access token is not a JWT');
  }
  const payload = JSON.parse(base64UrlToString(parts[1])) as {
    preferred_username?: string;
    sub?: string;
    exp?: number;
    realm_access?: { roles?: string[] };
  };
  return {
    username: payload.preferred_username ?? payload.sub ?? '?',
    roles: payload.realm_access?.roles ?? [],
    expiresAt: (payload.exp ?? 0) * 1000,
  };
}
