// The proposer's own edits, newest first, with their state and any conflicts; open ones can be withdrawn.
import type { Context } from '../main';
import type { Edit, Page } from '../lib/types';
import { empty, errorBox, h, loading, notice, replace, stateBadge, when } from '../ui/dom';

export function myEditsPage(ctx: Context): HTMLElement {
  const state = h('select', { id: 'mine-state' }, h('option', { value: '' }, 'any state'), ['PROPOSED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SCHEDULED', 'APPLIED', 'FAILED'].map((s) => h('option', { value: s }, s)));
  const list = h('div', { id: 'mine-list' });
  const status = h('div');
  const load = async () => {
    replace(list, loading('your edits'));
    try {
      const page = await ctx.api.get<Page<Edit>>('/api/edits', { proposer: ctx.session.username, state: state.value, size: 100 });
      if (page.items.length === 0) {
        replace(list, empty(state.value ? `You have no ${state.value} edits.` : 'You have not proposed any edit yet.'));
        return;
      }
      replace(
        list,
        h('p', {}, `${page.total} edit${page.total === 1 ? '' : 's'}${page.total > page.items.length ? `, the newest ${page.items.length} shown` : ''}.`),
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ['Proposed', 'Model', 'Edit', 'State', 'Conflicts', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, page.items.map((e) => row(e))),
        ),
      );
    } catch (e) {
      replace(list, errorBox(`Your edits could not be loaded: ${(e as Error).message}`));
    }
  };
  const row = (e: Edit) =>
    h(
      'tr',
      { 'data-edit': e.id, class: e.conflicts.length ? 'has-conflict' : '' },
      h('td', {}, when(e.createdAt)),
      h('td', {}, e.modelId),
      h('td', {}, `${e.prompt.replace('{}', e.subject)} `, h('strong', {}, e.targetNew), e.targetTrue ? h('span', { class: 'muted' }, ` (was ${e.targetTrue})`) : null),
      h('td', {}, stateBadge(e.state)),
      h('td', {}, e.conflicts.length ? e.conflicts.map((c) => h('div', { class: 'conflict' }, `${c.targetNew} (${c.state})`)) : '—'),
      h(
        'td',
        {},
        e.state === 'PROPOSED'
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: async () => {
                  try {
                    await ctx.api.send('POST', `/api/edits/${e.id}/withdraw`, { comment: 'withdrawn by the proposer' });
                    replace(status, notice(`Withdrew “${e.subject}” → ${e.targetNew}.`));
                    await load();
                  } catch (err) {
                    replace(status, notice(`Not withdrawn: ${(err as Error).message}`, 'error'));
                  }
                },
              },
              'Withdraw',
            )
          : null,
      ),
    );
  state.addEventListener('change', load);
  load();
  return h('section', { class: 'page' }, h('h1', {}, 'My edits'), h('div', { class: 'toolbar' }, h('label', { for: 'mine-state' }, 'State '), state), status, list);
}
