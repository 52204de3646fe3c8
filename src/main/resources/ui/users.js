// Users: the owners of links. A user key sees only its own user; an admin key or open mode sees all.
import { get, post, query } from './api.js';
import { clear, field, h, modal, submitting, time, toast } from './dom.js';

const MAX_LISTED = 200;
let cache = null;

/** The users this session may see (first 200), for owner pickers. */
export function loadUsers(fresh = false) {
  if (!cache || fresh) {
    cache = get(`/users${query({ per_page: MAX_LISTED })}`).catch((e) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

export async function usersView(main) {
  const tbody = h('tbody');
  const error = h('p.form-error', { role: 'alert' });

  async function load() {
    try {
      const users = await loadUsers(true);
      clear(tbody, users.length ? users.map((u) => h('tr', { 'data-id': u.id },
        h('td', { 'data-label': 'Id' }, `#${u.id}`),
        h('td', { 'data-label': 'Username' }, u.username),
        h('td', { 'data-label': 'Email' }, u.email),
        h('td', { 'data-label': 'Created' }, time(u.created_at)),
        h('td.actions-cell', { 'data-label': 'Actions' },
          h('a.button.secondary.small', { href: `#/users/${u.id}/stats`, 'aria-label': `Stats of ${u.username}` }, 'Stats'))))
        : h('tr.empty', h('td', { colspan: 5 }, 'No users yet. Links belong to a user: create one first.')));
    } catch (e) {
      error.textContent = e.status === 403 ? 'Your key may not list users.' : e.message;
    }
  }

  async function create() {
    const user = await modal('New user', (close) => {
      const username = h('input', { name: 'username', type: 'text', required: true, maxlength: 150, autocomplete: 'off', autofocus: true });
      const email = h('input', { name: 'email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
      const submit = h('button', { type: 'submit' }, 'Create user');
      const form = h('form', {
        novalidate: true,
        onsubmit: submitting(submit, async () => close(await post('/users', { username: username.value, email: email.value })),
          (err) => {
            if (err.status === 409) err.details = { [/mail/i.test(err.message) ? 'email' : 'username']: err.message };
          }),
      }, field('Username', username), field('Email', email), h('p.form-error', { role: 'alert' }),
      h('div.actions', h('button.secondary', { type: 'button', onclick: () => close(undefined) }, 'Cancel'), submit));
      return h('div.modal-body', form);
    });
    if (user) {
      toast(`User ${user.username} created`);
      load();
    }
  }

  clear(main, h('section',
    h('div.page-head', h('h1', 'Users'), h('button', { type: 'button', onclick: create }, '+ New user')),
    error,
    h('div.table-wrap', h('table.data',
      h('caption.sr-only', 'Users'),
      h('thead', h('tr', ['Id', 'Username', 'Email', 'Created', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody))));
  clear(tbody, Array.from({ length: 3 }, () => h('tr.skeleton', h('td', { colspan: 5 }, h('span', ' ')))));
  await load();
}
