// The HTTP API as the dashboard calls it: JSON in and out, the token (if any) as a bearer header.
// The token comes once from `?token=` (then removed from the address bar, so it is not kept in
// history) or from the login field, and lives in sessionStorage: gone when the tab closes.
const TOKEN_KEY = 'evolve.token';

export function adoptTokenFromUrl() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  setToken(token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}

export function getToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

export function authHeaders() {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** An error answer of the API: its status, stable code, message and per-field issues. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `the server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error?.code ?? null;
    this.issues = Array.isArray(body?.issues) ? body.issues : [];
  }
}

export async function api(method, path, body) {
  const headers = { accept: 'application/json', ...authHeaders() };
  let payload;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  const text = await response.text();
  let data = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: { message: text.slice(0, 300) } };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
