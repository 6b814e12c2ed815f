// The bearer token and the calls made with it. The token lives in sessionStorage only (this tab, until it closes):
// never in a URL, a cookie, localStorage or a log line.

const KEY = 'prefs.token';
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  const cleaned = (value || '').trim().replace(/^Bearer\s+/i, '');
  if (cleaned) {
    sessionStorage.setItem(KEY, cleaned);
  } else {
    sessionStorage.removeItem(KEY);
  }
  listeners.forEach((listener) => listener(token()));
}

export function onToken(listener) {
  listeners.add(listener);
}

/** The token's claims, read without checking the signature: only to know whose page this is; the server checks. */
export function claims() {
  const value = token();
  if (!value) {
    return null;
  }
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * An embedding application may hand the token over: window.postMessage({type: 'prefs-token', token}) from the
 * window that frames this page (only the origins in frame-ancestors can be that window).
 */
export function acceptTokenFromParent() {
  if (window.parent === window) {
    return;
  }
  window.addEventListener('message', (event) => {
    if (event.source === window.parent && event.data && event.data.type === 'prefs-token'
        && typeof event.data.token === 'string') {
      setToken(event.data.token);
    }
  });
  window.parent.postMessage({type: 'prefs-ready'}, '*');
}

/** A refused call: the problem detail the API answered. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** One line for a person: status, title and the API's detail. */
  describe() {
    const p = this.problem;
    return `${this.status} ${p.title || ''}${p.detail ? ': ' + p.detail : ''}`.trim();
  }
}

/**
 * fetch with the token; JSON in and out. Answers {status, body, headers}; a 4xx/5xx throws ProblemError unless its
 * status is in options.accept.
 */
export async function call(url, options = {}) {
  const headers = {Accept: 'application/json', ...(options.headers || {})};
  if (token()) {
    headers.Authorization = `Bearer ${token()}`;
  }
  let body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = options.contentType || 'application/json';
  }
  let response;
  try {
    response = await fetch(url, {method: options.method || 'GET', headers, body, cache: 'no-store',
      credentials: 'omit', mode: 'cors'});
  } catch (e) {
    throw new ProblemError(0, {title: 'Unreachable', detail: 'the service did not answer (' + e.message + ')'});
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = {detail: text.slice(0, 200)};
    }
  }
  if (response.status >= 400 && !(options.accept || []).includes(response.status)) {
    throw new ProblemError(response.status, parsed || {title: response.statusText});
  }
  return {status: response.status, body: parsed, headers: response.headers};
}

/** Creates an element: el('td', {class: 'n', text: '3'}, child, ...). Text only through textContent. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  children.flat().forEach((child) => child !== null && child !== undefined
      && node.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return node;
}

/** Asks before an action, in a modal dialog the keyboard can answer (Enter confirms, Escape cancels). */
export function confirmAction(question, confirmLabel) {
  return new Promise((resolve) => {
    const yes = el('button', {type: 'submit', value: 'yes', class: 'danger', text: confirmLabel});
    const no = el('button', {type: 'submit', value: 'no', text: 'Cancel'});
    const form = el('form', {method: 'dialog'}, el('p', {text: question}), el('div', {class: 'buttons'}, no, yes));
    const dialog = el('dialog', {class: 'prefs-confirm', 'aria-label': confirmLabel}, form);
    document.body.append(dialog);
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    dialog.showModal();
    yes.focus();
  });
}

export function formatDuration(iso) {
  if (!iso) {
    return '—';
  }
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
  if (!m) {
    return iso;
  }
  const seconds = Math.round((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }
  return `${Math.floor(seconds / 3600)} h ${Math.floor(seconds % 3600 / 60)} min`;
}

export function formatInstant(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return isNaN(date) ? iso : date.toLocaleString();
}
