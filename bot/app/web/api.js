// Calls to the service's API with the session cookie; writes carry the session's CSRF token.
let csrf = '';

export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.problems = body?.error?.problems ?? [];
  }
}

export async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = response.headers.get('Content-Type')?.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}
