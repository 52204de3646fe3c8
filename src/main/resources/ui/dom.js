// Small DOM helpers: element building, dialogs, field errors, toasts, formatting.

/** h('tag.class#id', {attrs, on*: handlers}, ...children) */
export function h(spec, attrs, ...children) {
  const [, tag, rest] = spec.match(/^([a-z0-9-]+)?(.*)$/i);
  const el = document.createElement(tag || 'div');
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
export const nextId = (prefix = 'f') => `${prefix}-${++uid}`;

/** A labelled form field: {name, label, input, hint}. Errors go into its .field-error, named by aria-describedby. */
export function field(label, input, hint) {
  const id = input.id || (input.id = nextId());
  const err = h('p.field-error', { id: `${id}-err`, role: 'alert' });
  const hintEl = hint ? h('p.hint', { id: `${id}-hint` }, hint) : null;
  input.setAttribute('aria-describedby', [hintEl && hintEl.id, err.id].filter(Boolean).join(' '));
  return h('div.field', { 'data-field': input.name || '' }, h('label', { for: id }, label), input, hintEl, err);
}

/** Puts each message of an API error's details next to the field it names; the rest in the form's banner. */
export function showErrors(form, error) {
  clearErrors(form);
  const banner = form.querySelector('.form-error');
  const details = (error && error.details) || {};
  const unplaced = [];
  for (const [name, message] of Object.entries(details)) {
    const box = form.querySelector(`.field[data-field="${CSS.escape(name.split(/[.[]/)[0])}"]`);
    if (box) {
      box.querySelector('.field-error').textContent = `${name.includes('.') || name.includes('[') ? name + ': ' : ''}${message}`;
      const input = box.querySelector('input,select,textarea');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else unplaced.push(`${name}: ${message}`);
  }
  const text = [error && error.error, ...unplaced].filter(Boolean).join(' — ');
  if (banner) banner.textContent = Object.keys(details).length && !unplaced.length ? 'Please correct the marked fields.' : text;
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}

/**
 * A form's submit handler: clears old errors, disables the button while action() runs, and shows an
 * API error next to its fields (adjust(err) may name the field of an error that has no details).
 */
export function submitting(button, action, adjust = () => {}) {
  return async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    clearErrors(form);
    button.disabled = true;
    try {
      await action();
    } catch (err) {
      adjust(err);
      showErrors(form, err);
    } finally {
      button.disabled = false;
    }
  };
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => (e.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const banner = form.querySelector('.form-error');
  if (banner) banner.textContent = '';
}

/** Opens a modal <dialog> built from content; resolves with the value passed to close(value). */
export function modal(title, build) {
  return new Promise((resolve) => {
    const titleId = nextId('dlg');
    const dlg = h('dialog.modal', { 'aria-labelledby': titleId });
    const close = (value) => {
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(undefined);
    });
    dlg.append(
      h('header.modal-head', h('h2', { id: titleId }, title),
        h('button.icon', { type: 'button', 'aria-label': 'Close', onclick: () => close(undefined) }, '×')),
      build(close),
    );
    document.body.append(dlg);
    dlg.showModal();
    const first = dlg.querySelector('[autofocus]') || dlg.querySelector('input,select,textarea,button:not(.icon)');
    if (first) first.focus();
  });
}

export function confirmDialog(title, message, action = 'Delete') {
  return modal(title, (close) => h('div.modal-body',
    h('p', message),
    h('div.actions',
      h('button.secondary', { type: 'button', onclick: () => close(false), autofocus: true }, 'Cancel'),
      h('button.danger', { type: 'button', onclick: () => close(true) }, action))));
}

export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const t = h(`div.toast.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, message);
  box.append(t);
  setTimeout(() => t.remove(), 4000);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // not a secure context (plain http on a host name): the old way still works
    const area = h('textarea', { 'aria-hidden': 'true', class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast(`Copied ${text}`);
}

/** API timestamps are UTC without a zone. */
export function parseTs(ts) {
  return ts ? new Date(ts.endsWith('Z') ? ts : `${ts}Z`) : null;
}

export function fmtTs(ts, dateOnly = false) {
  const d = parseTs(ts);
  if (!d) return '';
  return dateOnly ? d.toLocaleDateString(undefined, { dateStyle: 'medium' })
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A <time> element for a timestamp (the full local time in its tooltip). */
export function time(ts, dateOnly = false) {
  return ts ? h('time', { datetime: `${ts}Z`, title: fmtTs(ts) }, fmtTs(ts, dateOnly)) : '—';
}

/** datetime-local value (local time) → the API's UTC input form. */
export function localToApi(value) {
  if (!value) return null;
  return new Date(value).toISOString().slice(0, 19);
}

/** API UTC timestamp → datetime-local value. */
export function apiToLocal(ts) {
  const d = parseTs(ts);
  if (!d) return '';
  const off = d.getTimezoneOffset() * 60000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

export const fmtNum = (n) => (n ?? 0).toLocaleString();

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
