// The admin API client: bearer tokens kept for this tab only, refreshed before they expire and once on a 401.

const ACCESS = 'sb.access';
const REFRESH = 'sb.refresh';
let refreshing = null;
let refreshTimer = null;
let onSignedOut = () => {};

/** A failed call: the HTTP status and the API's message and field (the part of the request it names). */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field || null;
  }
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export function signedIn() {
  return sessionStorage.getItem(ACCESS) != null;
}

export async function signIn(username, password) {
  const tokens = await call('POST', '/admin/auth/login', {username, password}, {anonymous: true});
  keep(tokens);
  return tokens.user;
}

export function signOut() {
  sessionStorage.removeItem(ACCESS);
  sessionStorage.removeItem(REFRESH);
  clearTimeout(refreshTimer);
  onSignedOut();
}

/** After a password change every older token is void: the API answers new ones. */
export function keep(tokens) {
  sessionStorage.setItem(ACCESS, tokens.accessToken);
  sessionStorage.setItem(REFRESH, tokens.refreshToken);
  clearTimeout(refreshTimer);
  const seconds = Number(tokens.expiresIn) || 900;
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(10, seconds * 0.8) * 1000);
}

/** Exchanges the refresh token for new tokens; one exchange at a time however many calls wait on it. */
export function refresh() {
  if (!refreshing) {
    const token = sessionStorage.getItem(REFRESH);
    refreshing = (token ? call('POST', '/admin/auth/refresh', {refreshToken: token}, {anonymous: true})
      : Promise.reject(new ApiError(401, 'no refresh token')))
      .then(tokens => keep(tokens))
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** One API call; JSON in and out. A 401 refreshes the tokens once and retries, then signs out. */
export async function call(method, path, body, opts = {}) {
  const response = await send(method, path, body, opts);
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const get = (path, opts) => call('GET', path, undefined, opts);
export const post = (path, body, opts) => call('POST', path, body ?? {}, opts);
export const patch = (path, body) => call('PATCH', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = path => call('DELETE', path);

/** The raw response of a call (the playground reads it as a stream); failures still throw ApiError. */
export async function send(method, path, body, opts = {}) {
  let response = await fetchWithToken(method, path, body, opts);
  if (response.status === 401 && !opts.anonymous) {
    try {
      await refresh();
    } catch (e) {
      signOut();
      throw new ApiError(401, (await errorOf(response)).message);
    }
    response = await fetchWithToken(method, path, body, opts);
    if (response.status === 401) {
      signOut();
    }
  }
  if (!response.ok && !opts.anyStatus) {
    const error = await errorOf(response);
    throw new ApiError(response.status, error.message, error.field);
  }
  return response;
}

function fetchWithToken(method, path, body, opts) {
  const headers = Object.assign({}, opts.headers);
  const token = sessionStorage.getItem(ACCESS);
  if (token && !opts.anonymous) headers.authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return fetch(path, {method, headers, body: payload, signal: opts.signal, cache: 'no-store'});
}

async function errorOf(response) {
  try {
    const json = await response.clone().json();
    return json.error || {message: response.statusText};
  } catch (e) {
    return {message: `${response.status} ${response.statusText}`};
  }
}

/** A query string from the non-empty values of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
