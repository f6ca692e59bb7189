// The dashboard: sign-in, the content calendar by week, composing and scheduling posts, the ideas queue and the
// impact charts. Views are sections of index.html shown by the address's #hash; everything talks to /api/v1 with
// the session cookie.
import { call, setCsrf, ApiError } from './api.js';
import { drawImpact } from './charts.js';
import { setLanguage, t, locale } from './i18n.js';

const $ = (id) => document.getElementById(id);
const views = ['sign-in', 'calendar', 'compose', 'ideas', 'stats'];
const fields = ['title', 'body', 'link_url', 'image_url', 'suggested_text', 'themes', 'departments', 'publish_at',
  'expires_at', 'status'];
let session = null;
let weekStart = monday(new Date());
let editing = null;  // the id of the post in the form, null for a new one

function monday(date) {
  const day = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day;
}

function say(text) { $('status').textContent = text; }

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function formatTime(iso) {
  return new Date(iso).toLocaleString(locale(), { weekday: 'short', day: 'numeric', month: 'short',
    hour: '2-digit', minute: '2-digit' });
}

// "2026-12-01T09:00" as the browser's local time → "2026-12-01T08:00:00Z".
function toUtc(local) { return local ? new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z') : ''; }
function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function allowed(view) {
  if (!session) return view === 'sign-in';
  const role = session.role;
  if (view === 'compose' || view === 'ideas') return role === 'editor' || role === 'admin';
  if (view === 'stats') return role === 'editor' || role === 'lead' || role === 'admin';
  return view === 'calendar';
}

function show(view) {
  if (!allowed(view)) view = session ? 'calendar' : 'sign-in';
  for (const name of views) $(`view-${name}`).hidden = name !== view;
  for (const link of document.querySelectorAll('#nav a')) {
    link.hidden = !allowed(link.dataset.view);
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  ({ calendar: loadCalendar, ideas: loadIdeas, stats: loadStats, compose: () => {} })[view]?.();
  return view;
}

function route() {
  const view = show(location.hash.slice(1) || 'calendar');
  $('main').focus();
  return view;
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) return signedOut();
  say(t('failed', { message: error.message }));
}

// ---- session

function signedIn(answer) {
  session = answer;
  setCsrf(answer.csrf_token);
  setLanguage(answer.language);
  $('organisation').textContent = answer.organisation ? `· ${answer.organisation}` : '';
  $('who-name').textContent = `${answer.name} (${answer.role})`;
  $('nav').hidden = $('who').hidden = false;
  fillChoices(answer);
  route();
}

function signedOut() {
  session = null;
  setCsrf('');
  $('nav').hidden = $('who').hidden = true;
  show('sign-in');
  $('token').focus();
}

async function signIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    const answer = await call('POST', '/app/session', { token: $('token').value });
    $('token').value = '';
    signedIn(answer);
  } catch (error) {
    $('sign-in-error').textContent = error.status === 429 ? t('too_many') : t('wrong_token');
    $('token').setAttribute('aria-invalid', 'true');
  }
}

async function signOut() {
  try { await call('DELETE', '/app/session'); } catch { /* signed out either way */ }
  signedOut();
  say(t('signed_out'));
}

function fillChoices(answer) {
  const boxes = (container, name, items) => {
    $(container).replaceChildren(...items.map((item) => element('label', {},
      element('input', { type: 'checkbox', name, value: item.id }), item.name)));
  };
  boxes('f-themes', 'themes', answer.themes.map((theme) => ({ id: theme, name: theme })));
  boxes('f-departments', 'departments', answer.departments);
  const options = (select, items) => $(select).replaceChildren($(select).options[0],
    ...items.map((item) => element('option', { value: item.id, textContent: item.name })));
  options('s-department', answer.departments);
  options('s-theme', answer.themes.map((theme) => ({ id: theme, name: theme })));
}

// ---- calendar

function postItem(post) {
  const actions = element('p', { className: 'actions' });
  if (allowed('compose') && (post.status === 'draft' || post.status === 'scheduled'))
    actions.append(element('button', { type: 'button', className: 'secondary', textContent: t('edit'),
      onclick: () => edit(post) }));
  if (allowed('compose') && post.status !== 'cancelled' && post.status !== 'expired')
    actions.append(element('button', { type: 'button', className: 'secondary', textContent: t('cancel'),
      onclick: () => cancel(post) }));
  const when = post.publish_at ? formatTime(post.publish_at) : '';
  return element('li', { className: `post ${post.status}` },
    element('p', {}, element('strong', { textContent: post.title })),
    element('p', { className: 'meta' }, element('span', { className: 'badge', textContent: t(`status_${post.status}`) }),
      ` ${when}`),
    actions.childElementCount ? actions : null);
}

async function loadCalendar() {
  const end = new Date(weekStart);
  end.setDate(end.getDate() + 7);
  $('week-label').textContent = t('week_of', { date: weekStart.toLocaleDateString(locale(), { dateStyle: 'long' }) });
  try {
    const { posts } = await call('GET', '/api/v1/posts?limit=500');
    const days = [];
    for (let i = 0; i < 7; ++i) {
      const day = new Date(weekStart);
      day.setDate(day.getDate() + i);
      const list = element('ul', { className: 'posts' });
      days.push(element('li', {}, element('h4', { textContent: day.toLocaleDateString(locale(),
        { weekday: 'long', day: 'numeric', month: 'short' }) }), list));
      for (const post of posts) {
        if (!post.publish_at) continue;
        const at = new Date(post.publish_at);
        if (at >= day && at < new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) list.append(postItem(post));
      }
    }
    $('week-days').replaceChildren(...days);
    $('drafts').replaceChildren(...posts.filter((post) => !post.publish_at && post.status === 'draft').map(postItem));
  } catch (error) { failed(error); }
}

function moveWeek(days) {
  weekStart = new Date(weekStart.getFullYear(), weekStart.getMonth(), weekStart.getDate() + days);
  loadCalendar();
}

async function cancel(post) {
  if (!window.confirm(t('confirm_cancel', { title: post.title }))) return;
  try {
    await call('POST', `/api/v1/posts/${post.id}/cancel`);
    say(t('cancelled', { id: post.id }));
    loadCalendar();
  } catch (error) { failed(error); }
}

// ---- compose

function clearProblems() {
  for (const name of ['general', ...fields]) $(`problem-${name}`).textContent = '';
  for (const input of $('post-form').querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

// Each problem the API names goes next to its field ("link_url must be ..."); the rest go on top.
function showProblems(problems) {
  let first = null;
  for (const problem of problems) {
    const name = fields.find((field) => problem.startsWith(field)) ?? 'general';
    const target = $(`problem-${name}`);
    target.textContent = target.textContent ? `${target.textContent} ${problem}` : problem;
    const input = $(`f-${name}`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? $('problem-general')).focus?.();
}

function checked(container) {
  return [...$(container).querySelectorAll('input:checked')].map((box) => box.value);
}

function formBody(status) {
  const value = (name) => $(`f-${name}`).value.trim();
  const body = { title: value('title'), body: value('body'), link_url: value('link_url'), image_url: value('image_url'),
    themes: checked('f-themes'), departments: checked('f-departments'),
    direct_messages: $('f-direct_messages').checked, publish_at: toUtc(value('publish_at')),
    expires_at: toUtc(value('expires_at')), status };
  body.suggested_text = value('suggested_text') ? { all: value('suggested_text') } : {};
  return body;
}

async function savePost(event) {
  event.preventDefault();
  clearProblems();
  const status = event.submitter?.value ?? 'draft';
  try {
    const post = editing
      ? await call('PATCH', `/api/v1/posts/${editing}`, formBody(status))
      : await call('POST', '/api/v1/posts', formBody(status));
    say(t('saved', { id: post.id, status: t(`status_${post.status}`) }));
    resetForm();
    if (post.publish_at) weekStart = monday(new Date(post.publish_at));
    location.hash = '#calendar';
  } catch (error) {
    if (error.problems?.length) showProblems(error.problems); else failed(error);
  }
}

function resetForm() {
  editing = null;
  $('post-form').reset();
  clearProblems();
  $('compose-title').textContent = t('compose_title');
}

function edit(post) {
  resetForm();
  editing = post.id;
  $('compose-title').textContent = t('edit_title', { id: post.id });
  for (const name of ['title', 'body', 'link_url', 'image_url']) $(`f-${name}`).value = post[name] ?? '';
  $('f-suggested_text').value = post.suggested_text?.all ?? '';
  $('f-publish_at').value = toLocalInput(post.publish_at);
  $('f-expires_at').value = toLocalInput(post.expires_at);
  $('f-direct_messages').checked = post.direct_messages;
  for (const [container, list] of [['f-themes', post.themes], ['f-departments', post.departments]])
    for (const box of $(container).querySelectorAll('input')) box.checked = list.includes(box.value);
  location.hash = '#compose';
}

// ---- ideas

async function review(idea, verdict) {
  try {
    const answer = await call('POST', `/api/v1/ideas/${idea.id}/${verdict}`);
    say(t(verdict === 'approve' ? 'approved' : 'rejected', { id: idea.id, post: answer.post_id }));
    loadIdeas();
  } catch (error) { failed(error); }
}

async function loadIdeas() {
  try {
    const { ideas } = await call('GET', '/api/v1/ideas?status=pending');
    $('ideas').replaceChildren(...(ideas.length ? ideas.map((idea) => element('li', { className: 'post' },
      element('p', { textContent: idea.text }),
      element('p', { className: 'meta', textContent: `${idea.user_id} · ${formatTime(idea.created_at)}` }),
      element('p', { className: 'actions' },
        element('button', { type: 'button', textContent: t('approve'), onclick: () => review(idea, 'approve') }),
        element('button', { type: 'button', className: 'secondary', textContent: t('reject'),
          onclick: () => review(idea, 'reject') })))) : [element('li', { textContent: t('no_ideas') })]));
  } catch (error) { failed(error); }
}

// ---- impact

function statsQuery() {
  const form = new FormData($('stats-form'));
  const query = new URLSearchParams();
  for (const [key, value] of form) if (value) query.set(key, value);
  return query.toString();
}

function showTotals(stats) {
  const money = (value) => value.toLocaleString(locale(), { style: 'currency', currency: 'EUR' });
  const baseline = stats.baseline
    ? money(stats.baseline.per_day.media_value * stats.period.days) : t('no_baseline');
  const items = [
    [t('posts_sent'), stats.totals.posts_sent],
    [t('shares'), stats.totals.shares],
    [t('unique_clicks'), stats.totals.unique_clicks],
    [t('clicks_per_share'), stats.totals.clicks_per_share.toLocaleString(locale())],
    [t('active'), `${Math.round(stats.totals.active_share * 100)}%`,
      `${stats.totals.active_ambassadors} ${t('of')} ${stats.totals.ambassadors}`],
    [t('media_value'), money(stats.media_value.total), `${t('baseline_total')}: ${baseline}`],
    [t('webcare'), stats.webcare.answered ? `${Math.round(stats.webcare.sla_met_share * 100)}%` : t('nothing'),
      `${stats.webcare.answered_within_sla} ${t('of')} ${stats.webcare.answered}`],
  ];
  $('totals').replaceChildren(...items.map(([label, value, note]) => element('div', {},
    element('dt', { textContent: label }), element('dd', { textContent: String(value) },
      note ? element('small', { textContent: note }) : null))));
  const value = stats.media_value;
  const terms = Object.keys(value.cost_per_unique_click).map((network) =>
    `${network} ${value.unique_clicks_by_network[network]} × ${money(value.cost_per_unique_click[network])}`);
  $('formula').textContent = t('formula', { terms: terms.join(' + '), total: money(value.total) });
}

// One leaderboard list as a table: the named people by place, the others as one row without a place.
function leaderboardTable(caption, list) {
  const row = (place, name, count) => element('tr', {},
    element('td', { textContent: place }), element('th', { scope: 'row', textContent: name }),
    element('td', { textContent: String(count) }));
  const rows = list.entries.map((entry, i) => row(String(i + 1), entry.name, entry.count));
  if (list.others.people > 0) {
    const others = t(list.others.people === 1 ? 'lb_other' : 'lb_others', { people: list.others.people });
    rows.push(row('', others, list.others.total));
  }
  if (!rows.length) rows.push(element('tr', {}, element('td', { colSpan: 3, textContent: t('lb_nothing') })));
  return element('table', {}, element('caption', { textContent: caption }),
    element('thead', {}, element('tr', {}, ...['lb_rank', 'lb_name', 'lb_count'].map((key) =>
      element('th', { scope: 'col', textContent: t(key) })))),
    element('tbody', {}, ...rows));
}

async function loadLeaderboard() {
  const query = new URLSearchParams({ department: $('s-department').value, days: '30' });
  const board = await call('GET', `/api/v1/leaderboard?${query}`);
  $('leaderboard-tables').replaceChildren(leaderboardTable(t('lb_shares'), board.shares),
    leaderboardTable(t('lb_clicks'), board.unique_clicks));
}

async function loadStats(event) {
  event?.preventDefault();
  $('stats-error').textContent = '';
  const query = statsQuery();
  $('csv').href = `/api/v1/stats/export.csv?${query}`;
  try {
    const stats = await call('GET', `/api/v1/stats?${query}`);
    if (!$('s-from').value) {
      $('s-from').value = stats.period.from;
      $('s-to').value = stats.period.to;
    }
    showTotals(stats);
    drawImpact(stats);
    document.body.dataset.chartsDrawn = 'yes';  // for the end-to-end test: the charts have their data
    await loadLeaderboard();
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) $('stats-error').textContent = error.message;
    else failed(error);
  }
}

// ---- start

async function start() {
  setLanguage(document.documentElement.lang);
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('week-prev').addEventListener('click', () => moveWeek(-7));
  $('week-next').addEventListener('click', () => moveWeek(7));
  $('post-form').addEventListener('submit', savePost);
  $('new-post').addEventListener('click', resetForm);
  $('stats-form').addEventListener('submit', loadStats);
  window.addEventListener('hashchange', () => (session ? route() : signedOut()));
  try {
    signedIn(await call('GET', '/app/session'));
  } catch {
    signedOut();
  }
}

start();
