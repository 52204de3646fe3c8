// The API client: the UI does nothing that curl could not do with the same key.

const KEY = 'shortener.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.error = body && body.error;
    this.details = body && body.details;
  }
}

export const auth = {
  /** 'open' (no key needed), 'keys' (a key is needed) or null (not known yet). */
  mode: null,
  get key() {
    return sessionStorage.getItem(KEY);
  },
  set key(value) {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  },
};

/** Listeners told when a signed-in key stops being accepted (revoked, expired). */
export const onUnauthorized = new EventTarget();

export async function api(method, path, body, { key = auth.key, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { error: 'The service cannot be reached. Check your connection and try again.' });
  }
  if (raw) return response;
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && key && key === auth.key) onUnauthorized.dispatchEvent(new Event('unauthorized'));
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After');
      throw new ApiError(429, { error: `Too many requests${wait ? `: try again in ${wait} s` : ''}.` });
    }
    throw new ApiError(response.status, json || { error: `HTTP ${response.status}` });
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Learns whether keys are needed with one cheap call without a key: 200 is open mode, 401 keys mode.
 */
export async function detectMode() {
  const response = await api('GET', '/urls?per_page=1', undefined, { key: null, raw: true });
  auth.mode = response.status === 401 ? 'keys' : 'open';
  return auth.mode;
}

/** Checks a key: resolves when accepted, throws an ApiError with a sentence for people otherwise. */
export async function checkKey(key) {
  const response = await api('GET', '/urls?per_page=1', undefined, { key, raw: true });
  if (response.status === 401) {
    throw new ApiError(401, { error: 'This API key was not accepted: it is wrong, expired or revoked.' });
  }
  if (response.status === 403) {
    throw new ApiError(403, { error: 'This API key is valid but may not read links (it lacks the read scope).' });
  }
  if (!response.ok) throw new ApiError(response.status, { error: `The service answered ${response.status}. Try again.` });
}

let capabilities = null;

/**
 * What this server's API accepts, read from its own OpenAPI document, so the UI offers only fields
 * and pages the server knows (a field it does not know is never sent).
 */
export function loadCapabilities() {
  if (!capabilities) {
    capabilities = fetch('/openapi.json', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}))
      .then(describe);
  }
  return capabilities;
}

function describe(doc) {
  const schemas = (doc.components && doc.components.schemas) || {};
  // part 1 of the contract, for a server whose document cannot be read
  const base = { UrlCreate: ['user_id', 'original_url', 'title', 'short_code', 'expires_at'],
    UrlUpdate: ['original_url', 'title', 'is_active', 'expires_at'] };
  const props = (name) => new Set(Object.keys((schemas[name] && schemas[name].properties) || {}).concat(base[name] || []));
  const listParams = ((doc.paths && doc.paths['/urls'] && doc.paths['/urls'].get && doc.paths['/urls'].get.parameters) || [])
    .map((p) => p.name).filter(Boolean);
  return {
    create: props('UrlCreate'),
    update: props('UrlUpdate'),
    listParams: new Set(listParams),
  };
}
