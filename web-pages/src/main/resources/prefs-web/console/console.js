// The operator console: projections and their builds updating once a second, rebuild / activate / dead-letter
// actions with a confirmation, migrations, and the defaults layers. Talks only to the admin API of this origin.
import {acceptTokenFromParent, call, claims, confirmAction, el, formatDuration, formatInstant, onToken,
  ProblemError, setToken, token} from './shared/session.js';
import {BuildChart} from './chart.js';

const base = new URL('../', import.meta.url).href.replace(/\/$/, '');
const TICK_MS = 1000;
const TERMINAL = new Set(['switched', 'failed', 'cancelled']);

const $ = (id) => document.getElementById(id);
const projectionsNode = $('projections');
const deadLettersNode = $('dead-letters');
const sections = new Map();
const rows = new Map();
const charts = new Map();
const jobs = new Map();
const tenants = new Map();
let timer = null;

function problem(error) {
  const text = error instanceof ProblemError ? error.describe() : String(error);
  $('problem').textContent = text;
  if (error instanceof ProblemError && error.problem.type) {
    $('problem').append(el('br'), el('span', {class: 'muted', text: error.problem.type}));
  }
}

function notice(text) {
  $('problem').textContent = '';
  $('notice').textContent = text;
}

async function act(question, label, action) {
  if (!await confirmAction(question, label)) {
    return;
  }
  $('notice').textContent = '';
  $('problem').textContent = '';
  try {
    await action();
  } catch (e) {
    problem(e);
  }
  tick();
}

function sectionFor(projection) {
  let section = sections.get(projection.name);
  if (section) {
    return section;
  }
  const title = el('h3', {id: `projection-${projection.name}`, text: projection.name});
  const active = el('span', {class: 'active'});
  const rebuild = el('button', {type: 'button', class: 'rebuild', text: `Rebuild ${projection.name}`,
    onclick: () => act(`Rebuild ${projection.name}? A new build is made beside the live one and reads switch to it `
        + 'once it has caught up.', 'Start rebuild', async () => {
      const started = await call(`${base}/admin/projections/${encodeURIComponent(projection.name)}/rebuild`,
          {method: 'POST'});
      jobs.set(started.body.jobId, {name: projection.name, job: {...started.body, state: started.body.status}});
      notice(`Rebuild of ${projection.name} v${started.body.version} started (generation ${started.body.generation}).`);
    })});
  const job = el('div', {class: 'job', 'aria-live': 'polite'});
  const tbody = el('tbody');
  const table = el('table', {},
      el('caption', {class: 'visually-hidden', text: `Builds of ${projection.name}`}),
      el('thead', {}, el('tr', {}, ...['Version', 'Generation', 'Status', 'Position', 'Lag', 'Progress',
        'Events/s', 'ETA', 'Dead letters', 'Action'].map((h) => el('th', {scope: 'col', text: h})))),
      tbody);
  const chartsNode = el('div', {class: 'charts'});
  const node = el('article', {class: 'projection', 'data-projection': projection.name,
    'aria-labelledby': title.id},
  el('header', {}, title, active, rebuild), job, el('div', {class: 'scroll'}, table),
  el('p', {class: 'muted'}, 'Charts: ', el('span', {class: 'legend-rate', text: 'events/s (solid)'}), ', ',
      el('span', {class: 'legend-lag', text: 'lag in events (dashed)'}), ', last 5 minutes.'),
  chartsNode);
  projectionsNode.append(node);
  section = {node, active, job, tbody, chartsNode};
  sections.set(projection.name, section);
  return section;
}

function rowFor(section, projection, build) {
  const key = `${projection.name}:${build.version}:${build.generation}`;
  let row = rows.get(key);
  if (row) {
    return row;
  }
  const cells = {};
  const tr = el('tr', {'data-build': key});
  for (const name of ['version', 'generation', 'status', 'position', 'lag', 'progress', 'eps', 'eta', 'dead']) {
    cells[name] = el(name === 'version' ? 'th' : 'td', name === 'version' ? {scope: 'row'} : {});
    cells[name].className = name;
    tr.append(cells[name]);
  }
  cells.bar = el('progress', {max: '1', 'aria-label': `Progress of ${key}`});
  cells.percent = el('span');
  cells.progress.append(cells.bar, ' ', cells.percent);
  const activate = el('button', {type: 'button', class: 'secondary activate',
    text: `Activate v${build.version} g${build.generation}`,
    onclick: () => act(`Serve reads of ${projection.name} from version ${build.version}, generation `
        + `${build.generation}? The build serving them now stays on standby.`, 'Activate', async () => {
      const answer = await call(`${base}/admin/projections/${encodeURIComponent(projection.name)}/activate`,
          {method: 'POST', json: {version: build.version, generation: build.generation}});
      notice(`${answer.body.name} now serves reads from v${answer.body.activeVersion} `
          + `g${answer.body.activeGeneration}.`);
    })});
  const action = el('td', {}, activate);
  tr.append(action);
  section.tbody.append(tr);
  row = {tr, cells, activate, section};
  rows.set(key, row);
  return row;
}

function chartFor(section, key, build) {
  let chart = charts.get(key);
  if (!chart) {
    chart = new BuildChart(`Events per second and lag of ${key}`);
    chart.figure = el('figure', {'data-chart': key}, chart.root,
        el('figcaption', {text: `v${build.version} g${build.generation}`}));
    section.chartsNode.append(chart.figure);
    charts.set(key, chart);
  }
  return chart;
}

function renderProjections(list) {
  const now = Date.now();
  const seen = new Set();
  for (const projection of list) {
    const section = sectionFor(projection);
    section.active.textContent = projection.activeVersion == null ? 'no version serves reads'
        : `reads from v${projection.activeVersion} g${projection.activeGeneration}`;
    section.active.dataset.version = projection.activeVersion ?? '';
    section.active.dataset.generation = projection.activeGeneration ?? '';
    for (const build of projection.versions) {
      const row = rowFor(section, projection, build);
      const key = row.tr.dataset.build;
      seen.add(key);
      const c = row.cells;
      c.version.textContent = build.version;
      c.generation.textContent = build.generation;
      c.status.textContent = build.status + (build.jobState ? ` (${build.jobState})` : '');
      c.status.className = `status status-${build.status}`;
      row.tr.dataset.status = build.status;
      c.position.textContent = build.position ?? '—';
      c.lag.textContent = build.lag;
      c.bar.value = build.progress;
      c.percent.textContent = `${Math.floor(build.progress * 100)} %`;
      c.eps.textContent = Math.round(build.eventsPerSecond).toLocaleString();
      c.eta.textContent = formatDuration(build.eta);
      c.dead.textContent = build.deadLetters;
      row.activate.hidden = build.status === 'live';
      // A rebuild started elsewhere (another console, the command line) is followed too.
      if (build.jobId && (build.jobState === 'running' || build.jobState === 'caught-up') && !jobs.has(build.jobId)) {
        jobs.set(build.jobId, {name: projection.name, job: {jobId: build.jobId, version: build.version,
          generation: build.generation, state: build.jobState, progress: build.progress}});
      }
      if (build.status !== 'retired') {
        chartFor(section, key, build).add(now, build.eventsPerSecond, build.lag);
      }
    }
  }
  for (const [key, row] of rows) {
    if (!seen.has(key)) {
      row.tr.remove();
      rows.delete(key);
    }
  }
  for (const [key, chart] of charts) {
    if (!seen.has(key) || rows.get(key)?.tr.dataset.status === 'retired') {
      chart.figure.remove();
      charts.delete(key);
    }
  }
}

function renderJob(entry) {
  const section = sections.get(entry.name);
  if (!section) {
    return;
  }
  const job = entry.job;
  section.job.replaceChildren(
      el('p', {}, el('strong', {text: `Rebuild of v${job.version}, generation ${job.generation}: `}),
          el('span', {class: 'job-state', 'data-state': job.state, text: job.state}),
          job.total ? ` · ${(job.processed ?? 0).toLocaleString()} of ${job.total.toLocaleString()} events` : '',
          job.eventsPerSecond ? ` · ${Math.round(job.eventsPerSecond).toLocaleString()} events/s` : '',
          job.eta ? ` · ETA ${formatDuration(job.eta)}` : ''),
      el('progress', {class: 'job-progress', max: '1', value: String(job.progress ?? 0),
        'aria-label': `Progress of the rebuild of ${entry.name}`}),
      el('span', {class: 'job-percent', text: ` ${Math.floor((job.progress ?? 0) * 100)} %`}),
      job.error ? el('p', {class: 'problem', text: job.error}) : '');
  section.job.dataset.jobId = job.jobId;
}

function renderDeadLetters(groups) {
  if (!groups.length) {
    deadLettersNode.replaceChildren(el('p', {class: 'muted', text: 'None.'}));
    return;
  }
  const focused = document.activeElement?.dataset?.group;
  const focusedAction = document.activeElement?.dataset?.action;
  deadLettersNode.replaceChildren(...groups.map((group) => {
    const retry = el('button', {type: 'button', class: 'retry', 'data-group': group.processingGroup,
      'data-action': 'retry', text: `Retry ${group.processingGroup}`,
      onclick: () => act(`Process the ${group.count} parked event(s) of ${group.processingGroup} again?`, 'Retry',
          async () => {
            const answer = await call(`${base}/admin/dead-letters/${encodeURIComponent(group.processingGroup)}/retry`,
                {method: 'POST'});
            notice(`Retried ${answer.body.processingGroup}: ${answer.body.sequencesProcessed} sequence(s) processed, `
                + `${answer.body.remaining} still parked.`);
          })});
    const drop = el('button', {type: 'button', class: 'danger drop', 'data-group': group.processingGroup,
      'data-action': 'drop', text: `Drop ${group.processingGroup}`,
      onclick: () => act(`Drop the ${group.count} parked event(s) of ${group.processingGroup}? The events stay in `
          + 'the event store, but this build will never project them.', 'Drop', async () => {
        const answer = await call(`${base}/admin/dead-letters/${encodeURIComponent(group.processingGroup)}`,
            {method: 'DELETE'});
        notice(`Dropped ${answer.body.dropped} parked event(s) of ${answer.body.processingGroup}.`);
      })});
    const table = el('table', {},
        el('caption', {class: 'visually-hidden', text: `Dead letters of ${group.processingGroup}`}),
        el('thead', {}, el('tr', {}, ...['Sequence', 'Index', 'Event', 'Cause', 'Parked at']
            .map((h) => el('th', {scope: 'col', text: h})))),
        el('tbody', {}, ...group.deadLetters.map((letter) => el('tr', {},
            el('td', {text: letter.sequenceIdentifier}), el('td', {text: letter.sequenceIndex}),
            el('td', {text: letter.eventType}),
            el('td', {text: [letter.causeType, letter.cause].filter(Boolean).join(': ')}),
            el('td', {text: formatInstant(letter.enqueuedAt)})))));
    const node = el('article', {class: 'dead-letter-group', 'data-group': group.processingGroup},
        el('h3', {text: `${group.processingGroup}: ${group.count} parked`}),
        el('div', {class: 'scroll'}, table), el('p', {}, retry, ' ', drop));
    return node;
  }));
  if (focused) {
    deadLettersNode.querySelector(`button[data-group="${CSS.escape(focused)}"][data-action="${focusedAction}"]`)
        ?.focus();
  }
}

async function loadMigrations() {
  try {
    const answer = await call(`${base}/admin/migrations`);
    const m = answer.body;
    $('migrations').replaceChildren(
        el('p', {text: `Schema version ${m.currentVersion ?? 'none'}; ${m.migrations.length} migrations.`}),
        el('div', {class: 'scroll'}, el('table', {id: 'migrations-table'},
            el('caption', {class: 'visually-hidden', text: 'Flyway migrations'}),
            el('thead', {}, el('tr', {}, ...['Version', 'Description', 'Type', 'State', 'Installed on']
                .map((h) => el('th', {scope: 'col', text: h})))),
            el('tbody', {}, ...m.migrations.map((row) => el('tr', {},
                el('td', {text: row.version ?? '(repeatable)'}), el('td', {text: row.description}),
                el('td', {text: row.type}), el('td', {text: row.state}),
                el('td', {text: formatInstant(row.installedOn)})))))));
  } catch (e) {
    problem(e);
  }
}

function describeValues(values) {
  if (!values) {
    return '—';
  }
  const parts = [];
  for (const [field, value] of Object.entries(values)) {
    if (value && typeof value === 'object') {
      Object.entries(value).forEach(([channel, on]) => parts.push(`${field}.${channel}: ${on}`));
    } else {
      parts.push(`${field}: ${value}`);
    }
  }
  return parts.join(', ') || 'none';
}

async function loadSystemDefaults() {
  try {
    const answer = await call(`${base}/admin/defaults`, {accept: [404]});
    $('system-defaults').replaceChildren(answer.status === 404
      ? el('p', {class: 'muted', text: 'System defaults: the built-in ones (no admin has changed them).'})
      : el('p', {id: 'system-defaults-values',
        text: `System defaults (version ${answer.body.version}): ${describeValues(answer.body.defaults)}`}));
  } catch (e) {
    $('system-defaults').replaceChildren(el('p', {class: 'muted',
      text: `System defaults unavailable here: ${e instanceof ProblemError ? e.describe() : e}`}));
  }
}

function renderTenants() {
  const tbody = $('tenants').tBodies[0];
  const sorted = [...tenants.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  tbody.replaceChildren(...sorted.map((t) => el('tr', {'data-tenant': t.tenantId},
      el('th', {scope: 'row', text: t.tenantId}), el('td', {text: describeValues(t.defaults)}),
      el('td', {text: (t.enforced || []).join(', ') || 'none'}), el('td', {class: 'users', text: t.users ?? '—'}),
      el('td', {text: t.version}), el('td', {text: t.updatedAt ? formatInstant(t.updatedAt) : '—'}))));
  $('tenants').hidden = tenants.size === 0;
  $('tenants-empty').hidden = tenants.size !== 0;
}

// The tenants with defaults, a page at a time (GET /admin/tenants); after: the next of the page before, or none
// for the first page (which replaces what the table showed).
let nextTenants = null;

async function loadTenants(after) {
  try {
    const query = new URLSearchParams({limit: '50'});
    if (after) {
      query.set('after', after);
    }
    const answer = await call(`${base}/admin/tenants?${query}`);
    if (!after) {
      tenants.clear();
    }
    answer.body.items.forEach((t) => tenants.set(t.tenantId, t));
    nextTenants = answer.body.next;
    $('more-tenants').hidden = !nextTenants;
    renderTenants();
  } catch (e) {
    problem(e);
  }
}

async function showTenant(id) {
  try {
    const answer = await call(`${base}/api/tenants/${encodeURIComponent(id)}/defaults`);
    // This read has no updatedAt: keep the one the list gave, if any.
    tenants.set(id, {...tenants.get(id), ...answer.body});
    renderTenants();
    $('problem').textContent = '';
  } catch (e) {
    problem(e);
  }
}

// One round at a time; the next starts a second after this one started (sooner only after an operator's action).
let running = false;
let pending = false;

async function tick() {
  if (running) {
    pending = true;
    return;
  }
  clearTimeout(timer);
  if (!token() || document.hidden) {
    timer = setTimeout(tick, TICK_MS);
    return;
  }
  running = true;
  const started = Date.now();
  try {
    const [projections, deadLetters] = await Promise.all([call(`${base}/admin/projections`),
      call(`${base}/admin/dead-letters`)]);
    renderProjections(projections.body);
    renderDeadLetters(deadLetters.body);
    for (const [jobId, entry] of jobs) {
      const answer = await call(`${base}/admin/rebuilds/${jobId}`);
      entry.job = answer.body;
      renderJob(entry);
      if (TERMINAL.has(entry.job.state)) {
        jobs.delete(jobId);
        // The builds' table changed with it (a switch): show that at once, not a second later.
        pending = true;
      }
    }
    $('updated').textContent = `Last update ${new Date().toLocaleTimeString()}.`;
  } catch (e) {
    problem(e);
  } finally {
    running = false;
  }
  const wait = pending ? 0 : Math.max(0, TICK_MS - (Date.now() - started));
  pending = false;
  timer = setTimeout(tick, wait);
}

function start() {
  const who = claims();
  $('who').textContent = who ? `Signed in as ${who.sub}${String(who.scope || '').includes('preferences:admin')
    ? ' (admin)' : ' — this token is not an admin token: the admin paths will answer 403'}` : 'No token yet.';
  if (token()) {
    loadMigrations();
    loadSystemDefaults();
    loadTenants(null);
  }
  tick();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('token').value);
  $('token').value = '';
});
$('forget-token').addEventListener('click', () => setToken(''));
$('refresh-migrations').addEventListener('click', loadMigrations);
$('refresh-tenants').addEventListener('click', () => loadTenants(null));
$('more-tenants').addEventListener('click', () => loadTenants(nextTenants));
$('tenant-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showTenant($('tenant-id').value.trim());
});
document.addEventListener('visibilitychange', () => !document.hidden && tick());
onToken(start);
acceptTokenFromParent();
window.prefsConsole = {setToken};
start();
