// API keys (POST/GET/DELETE /api-keys): what the signed-in key may manage.
import { del, post } from './api.js';
import { confirmDialog, copyText, field, h, localToApi, modal, submitting, time, toast } from './dom.js';
import { managedList } from './managed.js';

export function keysView(main) {
  return managedList(main, {
    title: 'API keys',
    path: '/api-keys',
    missing: 'This server has no key management yet: keys are configured by the operator (API_KEYS).',
    forbidden: 'Your key may not manage API keys.',
    columns: ['Name', 'Prefix', 'User', 'Scopes', 'Created', 'Expires', 'Last used', 'Actions'],
    row: (k, reload) => [
      k.name, h('code', `${k.prefix}…`), k.user_id == null ? 'admin' : `#${k.user_id}`, (k.scopes || []).join(', '),
      time(k.created_at), time(k.expires_at), time(k.last_used_at),
      h('button.danger.small', {
        type: 'button', 'aria-label': `Revoke key ${k.name}`,
        onclick: async () => {
          if (!(await confirmDialog(`Revoke key ${k.name}?`, 'Clients using it are refused within a second. This cannot be undone.', 'Revoke'))) return;
          try {
            await del(`/api-keys/${k.id}`);
            toast(`Key ${k.name} revoked`);
            reload();
          } catch (e) {
            toast(e.message, 'error');
          }
        },
      }, 'Revoke')],
    create: createKey,
  });
}

async function createKey() {
  const created = await modal('New API key', (close) => {
    const name = h('input', { name: 'name', type: 'text', required: true, maxlength: 100, autofocus: true });
    const user = h('input', { name: 'user_id', type: 'number', min: 1, placeholder: 'empty: an admin key' });
    const read = h('input', { type: 'checkbox', name: 'scope-read', checked: true });
    const write = h('input', { type: 'checkbox', name: 'scope-write', checked: true });
    const expires = h('input', { name: 'expires_at', type: 'datetime-local' });
    const submit = h('button', { type: 'submit' }, 'Create key');
    const form = h('form', {
      novalidate: true,
      onsubmit: submitting(submit, async () => {
        const body = { name: name.value.trim(), user_id: user.value ? Number(user.value) : null,
          scopes: [read.checked && 'read', write.checked && 'write'].filter(Boolean) };
        if (expires.value) body.expires_at = localToApi(expires.value);
        close(await post('/api-keys', body));
      }),
    }, field('Name', name), field('User id', user, 'The user this key acts for; an admin key may leave it empty'),
    h('fieldset.field', { 'data-field': 'scopes' }, h('legend', 'Scopes'), h('label.check', read, ' read'), h('label.check', write, ' write'), h('p.field-error', { role: 'alert' })),
    field('Expires', expires, 'Optional'), h('p.form-error', { role: 'alert' }),
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => close(undefined) }, 'Cancel'), submit));
    return h('div.modal-body', form);
  });
  if (created) await showSecret('Your new API key', created.key, 'Copy it now: it is shown only once.');
  return created;
}

export function showSecret(title, secret, note) {
  return modal(title, (close) => h('div.modal-body',
    h('p', note),
    h('p', h('code.secret', secret)),
    h('div.actions',
      h('button.secondary', { type: 'button', onclick: () => copyText(secret) }, 'Copy'),
      h('button', { type: 'button', onclick: () => close(true) }, 'Done'))));
}
