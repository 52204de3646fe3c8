// Links: the table (search, filters, keyset pages), create and edit, activate, delete, copy, QR.
import { ApiError, del, get, loadCapabilities, post, put, query } from './api.js';
import {
  apiToLocal, clear, confirmDialog, copyText, debounce, field, h, localToApi, modal, parseTs, submitting, time, toast,
} from './dom.js';
import { loadUsers } from './users.js';

const PAGE = 20;
/** Filters and page survive a visit to a link's stats. */
const state = { q: '', active: '', user: '', tag: '', cursors: [null], page: 0 };

export const shortUrl = (url) => url.short_url || `${location.origin}/${url.short_code}`;

export async function linksView(main) {
  const caps = await loadCapabilities();
  const users = await loadUsers().catch(() => []);
  const tbody = h('tbody');
  const status = h('p.sr-only', { role: 'status', 'aria-live': 'polite' });
  const pageLabel = h('span.page-label');
  const prev = h('button.secondary', { type: 'button', onclick: () => go(state.page - 1) }, '← Previous');
  const next = h('button.secondary', { type: 'button', onclick: () => go(state.page + 1) }, 'Next →');
  const error = h('p.form-error', { role: 'alert' });

  const search = h('input', { type: 'search', name: 'q', value: state.q, placeholder: 'Code, target or title', autocomplete: 'off' });
  const active = h('select', { name: 'is_active' },
    h('option', { value: '' }, 'All'), h('option', { value: 'true' }, 'Active'), h('option', { value: 'false' }, 'Inactive'));
  active.value = state.active;
  const owner = h('select', { name: 'user_id' }, h('option', { value: '' }, 'All users'),
    users.map((u) => h('option', { value: u.id }, `${u.username} (#${u.id})`)));
  owner.value = state.user;
  const tag = caps.listParams.has('tag')
    ? h('input', { type: 'text', name: 'tag', value: state.tag, placeholder: 'tag', autocomplete: 'off', pattern: '[A-Za-z0-9_-]{1,50}' })
    : null;

  const refilter = () => {
    state.q = search.value.trim();
    state.active = active.value;
    state.user = owner.value;
    state.tag = tag ? tag.value.trim().toLowerCase() : '';
    state.cursors = [null];
    go(0);
  };
  search.addEventListener('input', debounce(refilter, 250));
  active.addEventListener('change', refilter);
  owner.addEventListener('change', refilter);
  if (tag) tag.addEventListener('input', debounce(refilter, 300));

  async function go(page) {
    state.page = Math.max(0, page);
    tbody.parentElement.setAttribute('aria-busy', 'true');
    tbody.classList.add('stale');
    error.textContent = '';
    try {
      const rows = await get(`/urls${query({
        q: state.q, is_active: state.active, user_id: state.user, tag: state.tag,
        cursor: state.cursors[state.page], per_page: PAGE + 1,
      })}`);
      if (learn(caps, rows) && !tag) {
        linksView(main); // the server turned out to have tags: offer the filter
        return;
      }
      const more = rows.length > PAGE;
      const shown = rows.slice(0, PAGE);
      if (more) state.cursors[state.page + 1] = shown[shown.length - 1].id;
      renderRows(shown);
      prev.disabled = state.page === 0;
      next.disabled = !more;
      pageLabel.textContent = `Page ${state.page + 1}`;
      status.textContent = shown.length ? `${shown.length} links on page ${state.page + 1}` : 'No links found';
    } catch (e) {
      if (e instanceof ApiError && e.details) {
        error.textContent = Object.entries(e.details).map(([k, v]) => `${k === 'q' ? 'Search' : k}: ${v}`).join('; ');
      } else error.textContent = e.message;
    } finally {
      tbody.classList.remove('stale');
      tbody.parentElement.removeAttribute('aria-busy');
    }
  }

  function renderRows(rows) {
    if (!rows.length) {
      const filtered = state.q || state.active || state.user || state.tag;
      clear(tbody, h('tr.empty', h('td', { colspan: 5 },
        filtered ? 'No link matches these filters.' : 'No links yet. Create your first one with “New link”.')));
      return;
    }
    clear(tbody, rows.map((url) => row(url)));
  }

  function row(url) {
    const link = shortUrl(url);
    return h('tr', { 'data-id': url.id, 'data-code': url.short_code },
      h('td', { 'data-label': 'Short link' },
        h('div.code-cell',
          h('a.code', { href: link, target: '_blank', rel: 'noopener' }, `/${url.short_code}`),
          h('button.link.copy', { type: 'button', title: 'Copy short URL', 'aria-label': `Copy ${link}`, onclick: () => copyText(link) }, 'Copy')),
        badges(url)),
      h('td.target', { 'data-label': 'Target' }, h('span.clip', { title: url.original_url }, url.original_url),
        url.title ? h('span.title', url.title) : null),
      h('td', { 'data-label': 'Status' }, statusBadge(url)),
      h('td', { 'data-label': 'Created' }, time(url.created_at, true)),
      h('td.actions-cell', { 'data-label': 'Actions' },
        h('a.button.secondary.small', { href: `#/links/${url.id}/stats`, 'aria-label': `Stats of ${url.short_code}` }, 'Stats'),
        h('button.secondary.small', { type: 'button', 'aria-label': `Edit ${url.short_code}`, onclick: () => edit(url) }, 'Edit'),
        h('button.secondary.small', { type: 'button', 'aria-label': `QR code of ${url.short_code}`, onclick: () => qr(url) }, 'QR'),
        h('button.secondary.small', {
          type: 'button', 'aria-label': `${url.is_active ? 'Deactivate' : 'Activate'} ${url.short_code}`,
          onclick: () => toggle(url),
        }, url.is_active ? 'Deactivate' : 'Activate'),
        h('button.danger.small', { type: 'button', 'aria-label': `Delete ${url.short_code}`, onclick: () => remove(url) }, 'Delete')));
  }

  async function toggle(url) {
    try {
      await put(`/urls/${url.id}`, { is_active: !url.is_active });
      toast(`/${url.short_code} ${url.is_active ? 'deactivated' : 'activated'}`);
      go(state.page);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function remove(url) {
    const ok = await confirmDialog(`Delete /${url.short_code}?`,
      `The short link stops redirecting at once and its settings are gone. Its past clicks stay counted. This cannot be undone.`);
    if (!ok) return;
    try {
      await del(`/urls/${url.id}`);
      toast(`/${url.short_code} deleted`);
      go(state.page);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function edit(url) {
    const saved = await linkForm(caps, users, url);
    if (saved) {
      toast(`/${saved.short_code} saved`);
      go(state.page);
    }
  }

  async function create() {
    const saved = await linkForm(caps, users, null);
    if (saved) {
      toast(`Created ${shortUrl(saved)}`);
      state.cursors = [null];
      go(state.page);
    }
  }

  clear(main,
    h('section.links',
      h('div.page-head', h('h1', 'Links'), h('button#new-link', { type: 'button', onclick: create }, '+ New link')),
      h('form.toolbar', { role: 'search', 'aria-label': 'Filter links', onsubmit: (e) => { e.preventDefault(); refilter(); } },
        field('Search', search), field('State', active), field('Owner', owner), tag ? field('Tag', tag) : null),
      error,
      h('div.table-wrap',
        h('table.data.links-table',
          h('caption.sr-only', 'Your short links'),
          h('thead', h('tr', ['Short link', 'Target', 'Status', 'Created', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
          tbody)),
      h('nav.pager', { 'aria-label': 'Pages' }, prev, pageLabel, next),
      status));
  clear(tbody, Array.from({ length: 5 }, () => h('tr.skeleton', h('td', { colspan: 5 }, h('span', ' ')))));
  await go(state.page);
}

/** URL fields that show the server takes a link option, and the option's request field. */
const SHOWN_OPTIONS = { password_protected: 'password', max_visits: 'max_visits', redirect_status: 'redirect_status', tags: 'tags', rules: 'rules' };

/**
 * A server whose links carry an option's field takes that option, even where its OpenAPI document
 * does not say so yet. Returns whether the tag filter became known.
 */
function learn(caps, rows) {
  const hadTags = caps.listParams.has('tag');
  for (const row of rows) {
    for (const [shown, field] of Object.entries(SHOWN_OPTIONS)) {
      if (shown in row) {
        caps.create.add(field);
        caps.update.add(field);
      }
    }
    if ('tags' in row) caps.listParams.add('tag');
  }
  return !hadTags && caps.listParams.has('tag');
}

function badges(url) {
  const list = [];
  if (url.password_protected) list.push(h('span.chip', { title: 'Password protected' }, '🔒 password'));
  if (url.max_visits) list.push(h('span.chip', { title: 'Visit limit' }, `max ${url.max_visits}`));
  if (url.redirect_status && url.redirect_status !== 302) list.push(h('span.chip', `${url.redirect_status}`));
  if (url.rules && url.rules.length) list.push(h('span.chip', `${url.rules.length} rule${url.rules.length > 1 ? 's' : ''}`));
  for (const t of url.tags || []) list.push(h('span.chip.tag', `#${t}`));
  return list.length ? h('div.chips', list) : null;
}

function statusBadge(url) {
  if (!url.is_active) return h('span.status.off', 'Inactive');
  const exp = parseTs(url.expires_at);
  if (exp && exp < new Date()) return h('span.status.off', 'Expired');
  if (exp) return h('span.status.on', { title: `Expires ${exp.toLocaleString()}` }, 'Active ⏱');
  return h('span.status.on', 'Active');
}

const CONDITIONS = ['device', 'os', 'browser', 'language', 'country', 'query', 'before', 'after'];

/** The create/edit dialog. Offers only the fields this server's API accepts; sends only what changed. */
function linkForm(caps, users, url) {
  const editing = !!url;
  const accepted = editing ? caps.update : caps.create;
  const knows = (name) => accepted.has(name);
  const v = url || {};
  return modal(editing ? `Edit /${url.short_code}` : 'New link', (close) => {
    const target = h('input', { name: 'original_url', type: 'url', required: true, value: v.original_url || '', placeholder: 'https://example.com/page', autofocus: true });
    const title = h('input', { name: 'title', type: 'text', maxlength: 500, value: v.title || '' });
    const code = editing ? null : h('input', { name: 'short_code', type: 'text', placeholder: 'generated', pattern: '[A-Za-z0-9_-]{3,32}', autocomplete: 'off' });
    const expires = h('input', { name: 'expires_at', type: 'datetime-local', value: apiToLocal(v.expires_at) });
    const owner = !editing && users.length ? h('select', { name: 'user_id', required: true },
      users.map((u) => h('option', { value: u.id }, `${u.username} (#${u.id})`))) : null;
    if (owner && state.user) owner.value = state.user;
    const adv = {};
    if (knows('password')) {
      adv.password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', maxlength: 128 });
      if (editing && v.password_protected) adv.removePassword = h('input', { type: 'checkbox', name: 'remove_password' });
    }
    if (knows('max_visits')) adv.max_visits = h('input', { name: 'max_visits', type: 'number', min: 1, step: 1, value: v.max_visits ?? '' });
    if (knows('redirect_status')) {
      adv.redirect_status = h('select', { name: 'redirect_status' },
        [['', 'Server default'], ['302', '302 Found (temporary)'], ['301', '301 Moved permanently'], ['307', '307 Temporary, keeps method'], ['308', '308 Permanent, keeps method']]
          .map(([val, label]) => h('option', { value: val }, label)));
      adv.redirect_status.value = v.redirect_status ? String(v.redirect_status) : '';
    }
    if (knows('tags')) adv.tags = h('input', { name: 'tags', type: 'text', value: (v.tags || []).join(', '), placeholder: 'launch, newsletter', autocomplete: 'off' });
    const rules = knows('rules') ? rulesEditor(v.rules || []) : null;

    const submit = h('button', { type: 'submit' }, editing ? 'Save' : 'Create link');
    const form = h('form.link-form', {
      novalidate: true,
      onsubmit: submitting(submit, async () => {
        const body = {};
        const set = (name, value, before) => {
          if (knows(name) && (!editing || JSON.stringify(value) !== JSON.stringify(before))) body[name] = value;
        };
        set('original_url', target.value.trim(), v.original_url);
        set('title', title.value, v.title || '');
        if (code && code.value.trim()) body.short_code = code.value.trim();
        if (owner) body.user_id = Number(owner.value);
        set('expires_at', localToApi(expires.value), v.expires_at ? localToApi(apiToLocal(v.expires_at)) : null);
        if (adv.password && adv.password.value) body.password = adv.password.value;
        if (adv.removePassword && adv.removePassword.checked) body.password = null;
        if (adv.max_visits) set('max_visits', adv.max_visits.value ? Number(adv.max_visits.value) : null, v.max_visits ?? null);
        if (adv.redirect_status && adv.redirect_status.value) set('redirect_status', Number(adv.redirect_status.value), v.redirect_status);
        if (adv.tags) set('tags', adv.tags.value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean), v.tags || []);
        if (rules) set('rules', rules.value(), v.rules || []);
        if (editing && !Object.keys(body).length) close(url);
        else close(editing ? await put(`/urls/${url.id}`, body) : await post('/urls', body));
      }, (err) => {
        // the API names the field in details; a taken code or an unknown owner are placed by hand
        if (err.status === 409 && /code/i.test(err.message)) err.details = { short_code: 'is already taken' };
        if (err.status === 404 && /user/i.test(err.message)) err.details = { user_id: 'no such user' };
        if (err.status === 403 && owner) err.details = { user_id: 'your key may not create links for this user' };
      }),
    },
    field('Target URL', target),
    field('Title', title, 'Optional, shown in your list only'),
    code ? field('Custom code', code, '3–32 letters, digits, _ or -; empty for a random one') : null,
    owner ? field('Owner', owner) : null,
    field('Expires', expires, 'Optional; your local time'),
    Object.keys(adv).length || rules
      ? h('fieldset.more',
        h('legend', 'More options'),
        adv.password ? field(editing && v.password_protected ? 'New password' : 'Password', adv.password,
          editing && v.password_protected ? 'Empty keeps the current password' : 'Visitors must enter it before the redirect') : null,
        adv.removePassword ? h('label.check', adv.removePassword, ' Remove the password') : null,
        adv.max_visits ? field('Max visits', adv.max_visits, 'Human clicks before the link answers 410') : null,
        adv.redirect_status ? field('Redirect status', adv.redirect_status) : null,
        adv.tags ? field('Tags', adv.tags, 'Comma-separated; up to 10 of a-z, 0-9, _ or -') : null,
        rules ? rules.element : null)
      : null,
    h('p.form-error', { role: 'alert' }),
    h('div.actions',
      h('button.secondary', { type: 'button', onclick: () => close(undefined) }, 'Cancel'),
      submit));
    return h('div.modal-body', form);
  });
}

/** A small editor for targeting rules: each rule a target and conditions that must all hold. */
function rulesEditor(initial) {
  const list = h('ol.rules');
  const addRule = (rule = { target: '', conditions: [{ type: 'device', value: '' }] }) => {
    const n = list.children.length + 1;
    const conds = h('ul.conditions');
    const targetInput = h('input.rule-target', { type: 'url', value: rule.target, placeholder: 'https://…', 'aria-label': `Rule ${n} target URL` });
    const addCond = (c = { type: 'device', value: '' }) => {
      const type = h('select.cond-type', { 'aria-label': 'Condition' }, CONDITIONS.map((t) => h('option', { value: t }, t)));
      type.value = c.type;
      const key = h('input.cond-key', { type: 'text', value: c.key || '', placeholder: 'parameter', 'aria-label': 'Query parameter' });
      const value = h('input.cond-value', { type: 'text', value: c.value || '', 'aria-label': 'Value', placeholder: 'mobile, fr, DE…' });
      const sync = () => { key.hidden = type.value !== 'query'; };
      type.addEventListener('change', sync);
      sync();
      const li = h('li.condition', type, key, value,
        h('button.icon', { type: 'button', 'aria-label': 'Remove condition', onclick: () => li.remove() }, '×'));
      conds.append(li);
    };
    (rule.conditions || []).forEach(addCond);
    const li = h('li.rule',
      h('div.rule-head', targetInput,
        h('button.icon', { type: 'button', 'aria-label': `Remove rule`, onclick: () => li.remove() }, '×')),
      conds,
      h('button.link', { type: 'button', onclick: () => addCond() }, '+ condition'));
    list.append(li);
  };
  initial.forEach(addRule);
  const input = h('div.rules-box', { id: 'rules-box', tabindex: '-1' }, list,
    h('button.secondary.small', { type: 'button', onclick: () => addRule() }, '+ Add rule'));
  const wrapper = h('div.field', { 'data-field': 'rules' },
    h('span.label', 'Targeting rules'),
    h('p.hint', 'The first rule whose conditions all hold picks the target; otherwise the target URL above.'),
    input, h('p.field-error', { role: 'alert' }));
  return {
    element: wrapper,
    value: () => [...list.querySelectorAll('li.rule')].map((r) => ({
      target: r.querySelector('.rule-target').value.trim(),
      conditions: [...r.querySelectorAll('li.condition')].map((c) => {
        const type = c.querySelector('.cond-type').value;
        const out = { type, value: c.querySelector('.cond-value').value.trim() };
        if (type === 'query') out.key = c.querySelector('.cond-key').value.trim();
        return out;
      }),
    })),
  };
}

/** QR preview of the short link, with PNG and SVG downloads (the public /{code}/qr). */
function qr(url) {
  const base = `/${encodeURIComponent(url.short_code)}/qr`;
  return modal(`QR code of /${url.short_code}`, () => {
    const body = h('div.modal-body.qr');
    const img = h('img', { src: `${base}?size=240`, width: 240, height: 240, alt: `QR code for ${shortUrl(url)}` });
    img.addEventListener('error', () => clear(body, h('p.notice', { role: 'status' }, 'This server does not make QR codes yet.')));
    return clear(body, img, h('p', shortUrl(url)),
      h('div.actions',
        h('a.button.secondary', { href: `${base}?size=1024`, download: `${url.short_code}.png` }, 'Download PNG'),
        h('a.button.secondary', { href: `${base}?format=svg`, download: `${url.short_code}.svg` }, 'Download SVG')));
  });
}
