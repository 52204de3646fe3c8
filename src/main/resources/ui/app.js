// The shell: sign-in, navigation and a hash router over the views.
import { auth, checkKey, detectMode, onUnauthorized } from './api.js';
import { clear, field, h } from './dom.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const session = document.getElementById('session');

const routes = [
  [/^#\/links\/(\d+)\/stats$/, (m) => import('./stats.js').then((v) => v.linkStats(main, Number(m[1])))],
  [/^#\/users\/(\d+)\/stats$/, (m) => import('./stats.js').then((v) => v.userStats(main, Number(m[1])))],
  [/^#\/users$/, () => import('./users.js').then((v) => v.usersView(main))],
  [/^#\/keys$/, () => import('./keys.js').then((v) => v.keysView(main))],
  [/^#\/webhooks$/, () => import('./webhooks.js').then((v) => v.webhooksView(main))],
  [/^#\/links(\?.*)?$/, () => import('./links.js').then((v) => v.linksView(main))],
];
const NAV = [['#/links', 'Links'], ['#/users', 'Users'], ['#/keys', 'API keys'], ['#/webhooks', 'Webhooks']];

async function route() {
  if (!signedIn()) return;
  const hash = location.hash || '#/links';
  const found = routes.find(([re]) => re.test(hash));
  if (!found) {
    location.replace('#/links');
    return;
  }
  nav.querySelectorAll('a').forEach((a) => {
    const current = hash === a.getAttribute('href') || hash.startsWith(`${a.getAttribute('href')}/`)
      || (a.getAttribute('href') === '#/links' && hash.startsWith('#/links'));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  main.setAttribute('aria-busy', 'true');
  try {
    await found[1](hash.match(found[0]));
  } catch (e) {
    clear(main, h('div.panel', h('h1', 'Something went wrong'), h('p.form-error', { role: 'alert' }, e.message)));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

function signedIn() {
  return auth.mode === 'open' || (auth.mode === 'keys' && auth.key);
}

function renderChrome() {
  const on = signedIn();
  nav.hidden = !on;
  clear(nav, on ? NAV.map(([href, label]) => h('a', { href }, label)) : []);
  if (auth.mode === 'open') {
    clear(session, h('span.badge', { title: 'The API needs no key on this server' }, 'Open mode'));
  } else if (on) {
    clear(session, h('span.badge', { title: 'Signed in with an API key' }, `Key ${auth.key.slice(0, 8)}…`),
      h('button.secondary.small', { type: 'button', onclick: signOut }, 'Sign out'));
  } else {
    clear(session);
  }
}

function signOut() {
  auth.key = null;
  renderChrome();
  signInView();
}

function signInView(message) {
  const input = h('input', { name: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const error = h('p.form-error', { role: 'alert', id: 'signin-error' }, message || '');
  input.setAttribute('aria-describedby', 'signin-error');
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form.panel.signin', {
    'aria-labelledby': 'signin-title',
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      const key = input.value.trim();
      if (!key) {
        error.textContent = 'Enter an API key.';
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      button.disabled = true;
      button.textContent = 'Checking…';
      try {
        await checkKey(key);
        auth.key = key;
        renderChrome();
        if (!location.hash || location.hash === '#/signin') location.hash = '#/links';
        await route();
        main.focus();
      } catch (err) {
        error.textContent = err.message;
        input.setAttribute('aria-invalid', 'true');
        input.select();
        input.focus();
      } finally {
        button.disabled = false;
        button.textContent = 'Sign in';
      }
    },
  },
  h('h1#signin-title', 'Sign in'),
  h('p', 'This server needs an API key. It stays in this browser tab only and is forgotten when you sign out or close the tab.'),
  field('API key', input),
  error,
  h('div.actions', button));
  clear(main, form);
  input.focus();
}

onUnauthorized.addEventListener('unauthorized', () => {
  auth.key = null;
  renderChrome();
  signInView('Your key is no longer accepted (expired or revoked). Sign in again.');
});

async function boot() {
  try {
    await detectMode();
  } catch (e) {
    clear(main, h('div.panel', h('h1', 'Service unavailable'), h('p.form-error', { role: 'alert' }, e.message),
      h('button', { type: 'button', onclick: boot }, 'Try again')));
    return;
  }
  if (auth.mode === 'keys' && auth.key) {
    try {
      await checkKey(auth.key);
    } catch (e) {
      auth.key = null;
      renderChrome();
      signInView(e.message);
      return;
    }
  }
  renderChrome();
  if (signedIn()) route();
  else signInView();
}

window.addEventListener('hashchange', route);
boot();
