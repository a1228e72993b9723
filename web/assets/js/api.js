// The only way the UI talks to crier: the documented REST API (docs/api.md), with its JSON bodies,
// the session cookie, and its error format {"exc_type", "message", "field"} turned into ApiError.

export class ApiError extends Error {
  constructor(status, body) {
    const message = (body && (body.message || body.exception)) || `HTTP ${status}`;
    super(typeof message === 'string' ? message : JSON.stringify(message));
    this.status = status;
    this.excType = (body && body.exc_type) || '';
    this.field = (body && body.field) || '';
    this.body = body;
  }
}

// Listeners told when a request comes back 401 (the session expired): the app shows the login.
const unauthorizedListeners = new Set();
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

async function request(method, path, body) {
  const init = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, {exc_type: 'NetworkError', message: String(err.message || err)});
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = {message: text};
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !path.endsWith('/api/method/login')) {
      for (const fn of unauthorizedListeners) fn(error);
    }
    throw error;
  }
  return data;
}

function resourcePath(doctype, name) {
  let path = `/api/resource/${encodeURIComponent(doctype)}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  return path;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    q.set(key, typeof value === 'string' || typeof value === 'number' ? String(value) :
                                                                         JSON.stringify(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// GET /api/resource/{doctype}: {fields, filters, order_by, limit_start, limit_page_length}.
export async function listDocs(doctype, params = {}) {
  const data = await request('GET', resourcePath(doctype) + query(params));
  return data.data;
}

export async function getDoc(doctype, name) {
  return (await request('GET', resourcePath(doctype, name))).data;
}

export async function insertDoc(doctype, doc) {
  return (await request('POST', resourcePath(doctype), doc)).data;
}

// A partial update; a `docstatus` change submits (0->1) or cancels (1->2).
export async function updateDoc(doctype, name, changes) {
  return (await request('PUT', resourcePath(doctype, name), changes)).data;
}

export async function deleteDoc(doctype, name) {
  return request('DELETE', resourcePath(doctype, name));
}

// POST /api/method/{method} with a JSON body; answers its `message`.
export async function call(method, args = {}) {
  const data = await request('POST', `/api/method/${method}`, args);
  return data ? data.message : null;
}
