// Calls to the services through web-ui's /api proxy, with the user's token; failures become ApiError
// carrying the problem+json detail and, for invalid fields, which field said what.
import type { Session } from './auth';
import type { FieldError } from './proposal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  Object.entries(query).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  });
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export class Api {
  constructor(private readonly session: Session) {}

  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const token = await this.session.accessToken();
    let answer: Response;
    try {
      answer = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, `the server could not be reached: ${(e as Error).message}`);
    }
    if (!answer.ok) throw await problemOf(answer);
    return answer;
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.raw('GET', withQuery(path, query))).json() as Promise<T>;
  }

  async text(path: string): Promise<string> {
    return (await this.raw('GET', path, undefined, { Accept: 'text/plain' })).text();
  }

  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T | null> {
    const answer = await this.raw(method, path, body, headers);
    return answer.status === 204 ? null : (answer.json() as Promise<T>);
  }
}

async function problemOf(answer: Response): Promise<ApiError> {
  let detail = '';
  let fields: FieldError[] = [];
  try {
    const json = (await answer.json()) as { detail?: string; title?: string; field?: string; errors?: FieldError[] };
    detail = json.detail ?? json.title ?? '';
    fields = json.errors ?? (json.field ? [{ field: json.field, message: json.detail ?? '' }] : []);
  } catch {
    // Not problem+json (a proxy or a dead service): the status says enough.
  }
  const reason =
    answer.status === 401 ? 'you are not logged in (or your session ended)' : answer.status === 403 ? 'your roles do not allow this' : `HTTP ${answer.status}`;
  return new ApiError(answer.status, detail || reason, fields);
}
