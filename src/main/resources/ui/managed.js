// A list page for a collection the signed-in key may manage, degrading while the server lacks it.
import { get } from './api.js';
import { clear, h } from './dom.js';

export async function managedList(main, { title, path, missing, forbidden, columns, row, create, expand }) {
  const tbody = h('tbody');
  const notice = h('div');
  const add = h('button', { type: 'button', hidden: true, onclick: async () => { if (await create()) load(); } }, `+ New`);

  async function load() {
    try {
      const items = await get(path);
      add.hidden = false;
      clear(notice);
      clear(tbody, items.length
        ? items.map((item) => {
          const cells = row(item, load);
          return [h('tr', { 'data-id': item.id }, cells.map((c, i) => h('td', { 'data-label': columns[i] }, c))),
            expand ? expand(item, columns.length) : null];
        })
        : h('tr.empty', h('td', { colspan: columns.length }, 'None yet.')));
    } catch (e) {
      clear(tbody);
      const text = e.status === 404 || e.status === 405 ? missing : e.status === 403 ? forbidden : e.message;
      clear(notice, h('div.panel.notice', { role: 'status' }, h('p', text)));
    }
  }

  clear(main, h('section',
    h('div.page-head', h('h1', title), add),
    notice,
    h('div.table-wrap', h('table.data',
      h('caption.sr-only', title),
      h('thead', h('tr', columns.map((c) => h('th', { scope: 'col' }, c)))),
      tbody))));
  clear(tbody, Array.from({ length: 3 }, () => h('tr.skeleton', h('td', { colspan: columns.length }, h('span', ' ')))));
  await load();
}
