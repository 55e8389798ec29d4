// The page's login: authorization code with PKCE against Keycloak with the public client. Tokens live in
// sessionStorage (this tab only) and are refreshed shortly before they expire.
import { authorizeUrl, challengeS256, claimsOf, newVerifier, parseCallback, tokenRequestBody, type Claims } from './pkce';

export interface UiConfig {
  realmUrl: string;
  clientId: string;
}

interface Tokens {
  access: string;
  refresh?: string;
  idToken?: string;
}

const TOKENS = 'editgov.tokens';
const PENDING = 'editgov.login';

export class Session {
  private tokens: Tokens;
  claims: Claims;

  constructor(private readonly config: UiConfig, tokens: Tokens) {
    this.tokens = tokens;
    this.claims = claimsOf(tokens.access);
  }

  get username(): string {
    return this.claims.username;
  }

  hasRole(role: string): boolean {
    return this.claims.roles.includes(role);
  }

  /** A valid access token, refreshed when it expires within 30 seconds. */
  async accessToken(): Promise<string> {
    if (this.claims.expiresAt - Date.now() < 30_000 && this.tokens.refresh) {
      const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: this.config.clientId, refresh_token: this.tokens.refresh });
      const answer = await fetch(`${this.config.realmUrl}/protocol/openid-connect/token`, { method: 'POST', body });
      if (!answer.ok) {
        sessionStorage.removeItem(TOKENS);
        throw new Error('your session has ended; log in again');
      }
      this.store(await answer.json());
    }
    return this.tokens.access;
  }

  logout(): void {
    sessionStorage.removeItem(TOKENS);
    const params = new URLSearchParams({ client_id: this.config.clientId, post_logout_redirect_uri: redirectUri() });
    if (this.tokens.idToken) params.set('id_token_hint', this.tokens.idToken);
    location.assign(`${this.config.realmUrl}/protocol/openid-connect/logout?${params}`);
  }

  store(json: { access_token: string; refresh_token?: string; id_token?: string }): void {
    this.tokens = { access: json.access_token, refresh: json.refresh_token ?? this.tokens.refresh, idToken: json.id_token ?? this.tokens.idToken };
    this.claims = claimsOf(this.tokens.access);
    sessionStorage.setItem(TOKENS, JSON.stringify(this.tokens));
  }
}

/** Keycloak sends the browser back to the page's root; the route to return to travels in sessionStorage. */
function redirectUri(): string {
  return `${location.origin}/`;
}

export async function loadConfig(): Promise<UiConfig> {
  const answer = await fetch('/ui-config.json');
  if (!answer.ok) throw new Error(`the page's settings could not be read (HTTP ${answer.status})`);
  return answer.json();
}

export async function login(config: UiConfig): Promise<never> {
  const verifier = newVerifier();
  const state = newVerifier();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
  location.assign(authorizeUrl({ realmUrl: config.realmUrl, clientId: config.clientId, redirectUri: redirectUri(), state, challenge: await challengeS256(verifier) }));
  return new Promise<never>(() => {});
}

/** The session of this tab: from Keycloak's redirect, from sessionStorage, or none (the caller offers a login). */
export async function restoreSession(config: UiConfig): Promise<Session | null> {
  const callback = parseCallback(location.search);
  if (callback.kind === 'error') {
    history.replaceState(null, '', '/');
    throw new Error(`Keycloak refused the login: ${callback.message}`);
  }
  if (callback.kind === 'code') {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; hash: string } | null;
    sessionStorage.removeItem(PENDING);
    if (!pending || pending.state !== callback.state) {
      history.replaceState(null, '', '/');
      throw new Error('the login answer does not belong to this tab; log in again');
    }
    const answer = await fetch(`${config.realmUrl}/protocol/openid-connect/token`, {
      method: 'POST',
      body: tokenRequestBody(config.clientId, callback.code, redirectUri(), pending.verifier),
    });
    history.replaceState(null, '', `/${pending.hash}`);
    if (!answer.ok) throw new Error(`the login could not be completed (HTTP ${answer.status})`);
    const json = await answer.json();
    const session = new Session(config, { access: json.access_token });
    session.store(json);
    return session;
  }
  const saved = sessionStorage.getItem(TOKENS);
  if (!saved) return null;
  const session = new Session(config, JSON.parse(saved) as Tokens);
  try {
    await session.accessToken();
  } catch {
    return null;
  }
  return session.claims.expiresAt > Date.now() ? session : null;
}
