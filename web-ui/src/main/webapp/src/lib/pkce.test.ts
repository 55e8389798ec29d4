import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeS256, claimsOf, newVerifier, parseCallback, tokenRequestBody } from './pkce';
import { base64Url, utf8 } from './bytes';

describe('pkce', () => {
  it('derives the RFC 7636 appendix B challenge from its verifier', async () => {
    expect(await challengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 43-character verifiers from 32 random bytes', () => {
    const v = newVerifier((b) => b.fill(0xfb));
    expect(v).toHaveLength(43);
    expect(v).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(newVerifier()).not.toBe(newVerifier());
  });

  it('refuses a verifier that is too short', async () => {
    await expect(challengeS256('short')).rejects.toThrow(/43 to 128/);
  });

  it('asks for the code with an S256 challenge', () => {
    const url = new URL(
      authorizeUrl({ realmUrl: 'http://kc/realms/edits', clientId: 'web-ui', redirectUri: 'http://app/', state: 's1', challenge: 'c1' }),
    );
    expect(url.pathname).toBe('/realms/edits/protocol/openid-connect/auth');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe('c1');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe('http://app/');
  });

  it('sends the verifier with the code', () => {
    const body = tokenRequestBody('web-ui', 'abc', 'http://app/', 'v'.repeat(43));
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code_verifier')).toBe('v'.repeat(43));
  });

  it('reads the callback: code, error or nothing', () => {
    expect(parseCallback('?code=x&state=y')).toEqual({ kind: 'code', code: 'x', state: 'y' });
    expect(parseCallback('?error=access_denied&error_description=no')).toEqual({ kind: 'error', message: 'no' });
    expect(parseCallback('')).toEqual({ kind: 'none' });
  });

  it('reads the user name and realm roles of a token', () => {
    const payload = base64Url(utf8(JSON.stringify({ preferred_username: 'sam', exp: 10, realm_access: { roles: ['proposer', 'reviewer'] } })));
    expect(claimsOf(`h.${payload}.s`)).toEqual({ username: 'sam', roles: ['proposer', 'reviewer'], expiresAt: 10000 });
    expect(() => claimsOf('nope')).toThrow(/not a JWT/);
  });
});
