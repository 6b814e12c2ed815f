// <prefs-preference-center>: a user's effective preferences, where each comes from, editing with If-Match, "use the
// default" per field, reset, the history, and a download of everything stored about the user ("Download my data").
// Works on its own page, in an iframe, or put into any page with
//   <script type="module" src="https://prefs.example/preferences/preference-center.js"></script>
//   <prefs-preference-center></prefs-preference-center>
// and the token handed over with element.setToken(token). Attributes (all optional): user (default: the token's
// sub), base-url (where reads go; default: where this script came from), command-base-url (where writes go;
// default: what the service configures, else base-url).
import {call, claims, confirmAction, el, formatInstant, onToken, ProblemError, setToken, token}
  from './shared/session.js';

const HERE = new URL('../', import.meta.url).href.replace(/\/$/, '');

const FIELDS = [
  {name: 'theme', label: 'Theme', kind: 'choice', choices: ['dark', 'light', 'system']},
  {name: 'language', label: 'Language', kind: 'text', hint: 'a language tag such as en, pt-BR'},
  {name: 'notifications.email', label: 'Email notifications', kind: 'switch'},
  {name: 'notifications.push', label: 'Push notifications', kind: 'switch'},
  {name: 'notifications.sms', label: 'SMS notifications', kind: 'switch'},
];

const SOURCES = {
  'user': 'Your choice',
  'tenant': 'Tenant default',
  'tenant-enforced': 'Enforced by tenant',
  'system': 'System default',
};

function valueOf(preferences, field) {
  return field.startsWith('notifications.')
    ? preferences.notifications?.[field.slice('notifications.'.length)] : preferences[field];
}

/** A merge patch setting one field (null: no explicit value, inherit). */
function patchOf(field, value) {
  return field.startsWith('notifications.')
    ? {notifications: {[field.slice('notifications.'.length)]: value}} : {[field]: value};
}

function merge(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    target[k] = v && typeof v === 'object' ? merge(target[k] || {}, v) : v;
  }
  return target;
}

function show(value) {
  if (value === true) {
    return 'on';
  }
  if (value === false) {
    return 'off';
  }
  if (value === null || value === undefined) {
    return '(none)';
  }
  return typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k} ${show(v)}`).join(', ')
    : String(value);
}

function ensureStylesheet() {
  const href = new URL('preference-center.css', import.meta.url).href;
  if (![...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) {
    document.head.append(el('link', {rel: 'stylesheet', href: new URL('../shared/prefs.css', import.meta.url).href}),
        el('link', {rel: 'stylesheet', href}));
  }
}

class PreferenceCenter extends HTMLElement {
  connectedCallback() {
    if (this.built) {
      return;
    }
    this.built = true;
    ensureStylesheet();
    this.problemNode = el('div', {class: 'problem', role: 'alert'});
    this.noticeNode = el('div', {class: 'notice', role: 'status'});
    this.staleNode = el('div', {class: 'pc-stale', role: 'alert', hidden: true});
    this.summaryNode = el('p', {class: 'muted pc-summary'});
    this.fieldset = el('fieldset', {class: 'pc-fields'}, el('legend', {class: 'visually-hidden',
      text: 'Preferences'}));
    this.saveButton = el('button', {type: 'submit', class: 'pc-save', text: 'Save changes'});
    this.resetButton = el('button', {type: 'button', class: 'danger pc-reset', text: 'Reset all to defaults',
      onclick: () => this.reset()});
    this.form = el('form', {class: 'pc-form', novalidate: true, hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        this.save();
      }}, this.fieldset, el('div', {class: 'pc-actions'}, this.saveButton, this.resetButton));
    this.createNode = el('div', {hidden: true}, el('p', {text: 'No preferences are stored for you yet: you get '
        + 'the defaults.'}), el('button', {type: 'button', class: 'pc-create', text: 'Start choosing',
      onclick: () => this.create()}));
    this.historyList = el('ol', {class: 'pc-timeline'});
    this.exportButton = el('button', {type: 'button', class: 'secondary pc-export', text: 'Download my data',
      'aria-describedby': 'pc-export-hint', onclick: () => this.download()});
    this.historyNode = el('section', {class: 'pc-history', hidden: true, 'aria-labelledby': 'pc-history-title'},
        el('h2', {id: 'pc-history-title', text: 'History'}),
        el('div', {class: 'pc-actions'}, this.exportButton, el('span', {class: 'muted', id: 'pc-export-hint',
          text: 'Everything stored about you, as a JSON file'})),
        this.historyList);
    this.rows = new Map();
    FIELDS.forEach((field) => this.fieldset.append(this.row(field)));
    this.append(this.problemNode, this.noticeNode, this.staleNode, this.summaryNode, this.createNode, this.form,
        this.historyNode);
    onToken(() => this.load());
    this.load();
  }

  /** Hands the element a bearer token (kept in sessionStorage, this tab only). */
  setToken(value) {
    setToken(value);
  }

  get user() {
    return this.getAttribute('user') || claims()?.sub;
  }

  get readBase() {
    return (this.getAttribute('base-url') || HERE).replace(/\/$/, '');
  }

  async writeBase() {
    if (this.getAttribute('command-base-url')) {
      return this.getAttribute('command-base-url').replace(/\/$/, '');
    }
    if (this.configured === undefined) {
      try {
        this.configured = (await call(`${this.readBase}/preferences/config.json`)).body.commandBaseUrl || '';
      } catch {
        this.configured = '';
      }
    }
    return this.configured || this.readBase;
  }

  path(base) {
    return `${base}/api/users/${encodeURIComponent(this.user)}/preferences`;
  }

  row(field) {
    const id = `pc-${field.name.replace('.', '-')}`;
    let control;
    if (field.kind === 'choice') {
      control = el('select', {id, name: field.name}, ...field.choices.map((c) => el('option', {value: c, text: c})));
    } else if (field.kind === 'text') {
      control = el('input', {id, name: field.name, type: 'text', spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': `${id}-hint`});
    } else {
      control = el('input', {id, name: field.name, type: 'checkbox'});
    }
    const badge = el('span', {class: 'badge', id: `${id}-source`});
    const useDefault = el('button', {type: 'button', class: 'secondary pc-use-default',
      text: 'Use the default', 'aria-label': `Use the default ${field.label.toLowerCase()}`,
      onclick: () => this.write(patchOf(field.name, null), `${field.label} now follows the default.`)});
    const reason = el('p', {class: 'pc-reason', id: `${id}-reason`});
    const hint = field.hint ? el('span', {class: 'muted', id: `${id}-hint`, text: field.hint}) : null;
    const node = el('div', {class: 'pc-field', 'data-field': field.name},
        el('label', {for: id, text: field.label}),
        el('div', {class: 'pc-control'}, control, badge, useDefault, hint), reason);
    const describedBy = [`${id}-source`, `${id}-reason`, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', describedBy);
    this.rows.set(field.name, {field, node, control, badge, useDefault, reason});
    return node;
  }

  clearMessages() {
    this.problemNode.textContent = '';
    this.noticeNode.textContent = '';
  }

  fail(error) {
    this.problemNode.textContent = error instanceof ProblemError ? error.describe() : String(error);
  }

  async load(minVersion) {
    this.staleNode.hidden = true;
    if (!token() || !this.user) {
      this.form.hidden = true;
      this.historyNode.hidden = true;
      this.summaryNode.textContent = 'Give a token to see your preferences.';
      return;
    }
    const path = this.path(this.readBase);
    try {
      const current = await call(minVersion ? `${path}?minVersion=${minVersion}` : path, {accept: [404]});
      if (current.status === 404) {
        this.form.hidden = true;
        this.historyNode.hidden = true;
        this.createNode.hidden = false;
        this.summaryNode.textContent = `User ${this.user}.`;
        return;
      }
      this.createNode.hidden = true;
      this.preferences = current.body;
      this.etag = current.headers.get('ETag');
      const [explain, history] = await Promise.all([
        call(`${path}/explain`, {accept: [404]}).then((r) => r.status === 200 ? r.body : null).catch(() => null),
        call(`${path}/history`).then((r) => r.body)]);
      this.explain = explain;
      this.render();
      this.renderHistory(history);
    } catch (e) {
      this.fail(e);
    }
  }

  render() {
    const p = this.preferences;
    this.summaryNode.textContent = `User ${p.userId}${p.tenantId ? `, tenant ${p.tenantId}` : ''} · version `
        + `${p.version} · updated ${formatInstant(p.updatedAt)}`;
    this.dataset.version = p.version;
    for (const {field, control, badge, useDefault, reason, node} of this.rows.values()) {
      const value = valueOf(p, field.name);
      const explained = this.explain?.fields?.[field.name];
      const source = p.sources?.[field.name] ?? explained?.source ?? null;
      if (field.kind === 'switch') {
        control.checked = value === true;
      } else {
        control.value = value ?? '';
      }
      badge.className = `badge ${source || 'unknown'}`;
      badge.dataset.source = source || 'unknown';
      badge.textContent = SOURCES[source] || '';
      // A service from before layered defaults does not say where a value comes from: no badge then.
      badge.hidden = !source;
      const locked = source === 'tenant-enforced';
      node.classList.toggle('locked', locked);
      control.disabled = locked;
      useDefault.hidden = source !== 'user';
      reason.textContent = locked ? this.lockReason(field, explained) : this.inheritedFrom(source, explained);
    }
    this.form.hidden = false;
  }

  lockReason(field, explained) {
    const tenant = explained?.setBy?.id || this.preferences.tenantId;
    const by = explained?.setBy?.by ? ` by ${explained.setBy.by}` : '';
    const at = explained?.setBy?.at ? ` on ${formatInstant(explained.setBy.at)}` : '';
    const own = explained?.shadowed?.find((s) => s.source === 'user');
    return `Locked: your organisation (tenant ${tenant}) enforces this value (set${by}${at}).`
        + (own ? ` Your own choice, ${show(own.value)}, is kept and applies again if it stops enforcing.` : '');
  }

  inheritedFrom(source, explained) {
    if (!explained?.setBy || source === 'user') {
      return '';
    }
    const who = explained.setBy.by ? `, set by ${explained.setBy.by}` : '';
    return source === 'tenant'
      ? `The default of your organisation (tenant ${explained.setBy.id || this.preferences.tenantId})${who}.` : '';
  }

  renderHistory(history) {
    this.historyList.replaceChildren(...[...history.changes].reverse().map((change) => el('li',
        {'data-version': change.version},
        el('strong', {text: `${change.type} (version ${change.version})`}), ' ',
        el('time', {datetime: change.at, text: formatInstant(change.at)}),
        change.by ? ` by ${change.by}` : '',
        el('ul', {}, ...Object.entries(change.changes || {}).map(([name, fromTo]) => el('li',
            {'data-change': name, text: `${name}: ${show(fromTo.from)} → ${show(fromTo.to)}`}))))));
    this.historyNode.hidden = false;
  }

  /** Saves everything stored about the user (GET …/export) as the file the service names. */
  async download() {
    this.clearMessages();
    try {
      const answer = await call(`${this.readBase}/api/users/${encodeURIComponent(this.user)}/export`);
      const named = /filename="([^"]+)"/.exec(answer.headers.get('Content-Disposition') || '');
      const file = new Blob([JSON.stringify(answer.body, null, 2)], {type: 'application/json'});
      const url = URL.createObjectURL(file);
      const link = el('a', {href: url, download: named ? named[1] : `prefs-export-${this.user}.json`, hidden: true});
      document.body.append(link);
      link.click();
      link.remove();
      // The download has its own copy once it started; the page keeps none of the data longer than a minute.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.noticeNode.textContent = 'Your data is downloaded.';
    } catch (e) {
      this.fail(e);
    }
  }

  /** What the form holds that differs from what was loaded, as one merge patch. */
  edits() {
    const patch = {};
    for (const {field, control} of this.rows.values()) {
      if (control.disabled) {
        continue;
      }
      const value = field.kind === 'switch' ? control.checked : control.value.trim();
      if (value !== (valueOf(this.preferences, field.name) ?? '')) {
        merge(patch, patchOf(field.name, value));
      }
    }
    return patch;
  }

  async save() {
    const patch = this.edits();
    if (!Object.keys(patch).length) {
      this.clearMessages();
      this.noticeNode.textContent = 'Nothing to save: nothing was changed.';
      return;
    }
    await this.write(patch, 'Saved.');
  }

  async write(patch, done) {
    await this.send(`${this.path(await this.writeBase())}`, 'PATCH', patch, done);
  }

  async reset() {
    if (!await confirmAction('Reset every preference to the defaults? Your own choices are cleared; the history '
        + 'keeps them.', 'Reset')) {
      return;
    }
    await this.send(`${this.path(await this.writeBase())}/reset`, 'POST', undefined, 'Reset to the defaults.');
  }

  async create() {
    try {
      const answer = await call(this.path(await this.writeBase()), {method: 'POST', json: {}});
      await this.load(answer.body.version);
    } catch (e) {
      this.fail(e);
    }
  }

  async send(url, method, json, done) {
    this.clearMessages();
    try {
      const answer = await call(url, {method, json, contentType: 'application/merge-patch+json',
        headers: {'If-Match': this.etag}});
      // Read our own write: the read model answers once it holds that version.
      await this.load(answer.body.version);
      this.noticeNode.textContent = done;
    } catch (e) {
      if (e instanceof ProblemError && e.status === 412) {
        this.stale(e);
      } else {
        this.fail(e);
      }
    }
  }

  stale(error) {
    const reload = el('button', {type: 'button', class: 'pc-reload', text: 'Reload',
      onclick: () => {
        this.clearMessages();
        this.load();
      }});
    this.staleNode.replaceChildren(
        el('p', {}, el('strong', {text: 'These preferences changed elsewhere'}),
            ' (in another tab, on another device, or by an administrator) since this page loaded. '
            + 'Nothing was saved, and nothing was overwritten. Reload to see them as they are now, then make your '
            + 'change again.'),
        el('p', {class: 'muted', text: error.describe()}), reload);
    this.staleNode.hidden = false;
    reload.focus();
  }
}

if (!customElements.get('prefs-preference-center')) {
  customElements.define('prefs-preference-center', PreferenceCenter);
}
