// A tiny element builder: text is always set as text, so nothing a user typed is ever parsed as markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An SVG from the chart module, whose every text is escaped. */
export function svg(markup: string): HTMLElement {
  const holder = h('div', { class: 'chart-holder' });
  holder.innerHTML = markup;
  return holder;
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status', 'aria-live': 'polite' }, `Loading ${what}…`);
}

export function errorBox(message: string): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, message);
}

export function empty(message: string): HTMLElement {
  return h('p', { class: 'empty' }, message);
}

export function notice(message: string, kind: 'ok' | 'error' = 'ok'): HTMLElement {
  return h('p', { class: kind === 'ok' ? 'notice' : 'error', role: kind === 'ok' ? 'status' : 'alert' }, message);
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function percent(v: number | undefined): string {
  return v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** A labelled form field with a place for its error, wired for screen readers. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): { wrap: HTMLElement; error: HTMLElement } {
  const error = h('span', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-error${hint ? ` ${id}-hint` : ''}`);
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null, error);
  return { wrap, error };
}

export function stateBadge(state: string): HTMLElement {
  return h('span', { class: `badge state-${state.toLowerCase()}` }, state);
}
