// Webhooks (POST/GET/DELETE /webhooks, GET /webhooks/{id}/deliveries).
import { del, get, post } from './api.js';
import { clear, confirmDialog, field, h, modal, submitting, time, toast } from './dom.js';
import { showSecret } from './keys.js';
import { managedList } from './managed.js';

const EVENTS = ['link.clicked', 'link.created', 'link.updated', 'link.deleted'];

export function webhooksView(main) {
  return managedList(main, {
    title: 'Webhooks',
    path: '/webhooks',
    missing: 'This server does not send webhooks yet.',
    forbidden: 'Your key may not manage webhooks.',
    columns: ['URL', 'Events', 'State', 'Created', 'Actions'],
    row: (w, reload) => [
      h('span.clip', { title: w.url }, w.url), (w.events || []).join(', '),
      w.active === false
        ? h('span.status.off', { title: 'Disabled after repeated failed deliveries' }, 'Disabled')
        : h('span.status.on', w.consecutive_failures ? `Active, ${w.consecutive_failures} failing` : 'Active'),
      time(w.created_at),
      h('span.actions-inline',
        h('button.secondary.small', { type: 'button', 'aria-label': `Deliveries of webhook ${w.id}`, onclick: () => deliveries(w) }, 'Deliveries'),
        h('button.danger.small', {
          type: 'button', 'aria-label': `Delete webhook ${w.id}`,
          onclick: async () => {
            if (!(await confirmDialog('Delete this webhook?', `No more events will be sent to ${w.url}.`))) return;
            try {
              await del(`/webhooks/${w.id}`);
              toast('Webhook deleted');
              reload();
            } catch (e) {
              toast(e.message, 'error');
            }
          },
        }, 'Delete'))],
    create: createWebhook,
  });
}

async function createWebhook() {
  const created = await modal('New webhook', (close) => {
    const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://example.com/hooks', autofocus: true });
    const boxes = EVENTS.map((e) => h('input', { type: 'checkbox', value: e, checked: true }));
    const submit = h('button', { type: 'submit' }, 'Create webhook');
    const form = h('form', {
      novalidate: true,
      onsubmit: submitting(submit, async () => close(await post('/webhooks',
        { url: url.value.trim(), events: boxes.filter((b) => b.checked).map((b) => b.value) }))),
    }, field('Endpoint URL', url, 'A public https address'),
    h('fieldset.field', { 'data-field': 'events' }, h('legend', 'Events'), boxes.map((b) => h('label.check', b, ` ${b.value}`)), h('p.field-error', { role: 'alert' })),
    h('p.form-error', { role: 'alert' }),
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => close(undefined) }, 'Cancel'), submit));
    return h('div.modal-body', form);
  });
  if (created) await showSecret('Webhook signing secret', created.secret, 'Verify deliveries with this secret. It is shown only once.');
  return created;
}

function deliveries(w) {
  return modal(`Deliveries to ${w.url}`, () => {
    const body = h('div.modal-body', h('p', { role: 'status' }, 'Loading…'));
    get(`/webhooks/${w.id}/deliveries`).then((rows) => clear(body, rows.length
      ? h('div.table-wrap', h('table.data.compact',
        h('thead', h('tr', ['Event', 'Type', 'Attempts', 'Status', 'Last HTTP status'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', rows.map((d) => h('tr', h('td', d.event_id), h('td', d.type), h('td', d.attempts),
          h('td', h(`span.status.${d.status === 'delivered' ? 'on' : 'off'}`, d.status)), h('td', d.last_status_code ?? '—'))))))
      : h('p', 'No deliveries yet.'))).catch((e) => clear(body, h('p.form-error', { role: 'alert' }, e.message)));
    return body;
  });
}
