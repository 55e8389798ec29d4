// Open proposals for a reviewer: the sentence, the rationale and evidence, conflicts marked; approve or
// reject with a comment. The proposer of an edit never approves it, and the page says so beside the button.
import type { Context } from '../main';
import type { Edit, Model, Page } from '../lib/types';
import { empty, errorBox, h, loading, notice, replace, when } from '../ui/dom';

export function reviewPage(ctx: Context): HTMLElement {
  const model = h('select', { id: 'review-model' }, h('option', { value: '' }, 'all models'));
  const list = h('div', { id: 'review-list' });
  const status = h('div', { id: 'review-status' });
  ctx.api
    .get<Model[]>('/api/models')
    .then((models) => models.forEach((m) => model.append(h('option', { value: m.id }, m.id))))
    .catch(() => undefined);

  const load = async () => {
    replace(list, loading('open proposals'));
    try {
      const page = await ctx.api.get<Page<Edit>>('/api/edits', { state: 'PROPOSED', modelId: model.value, size: 100 });
      if (page.items.length === 0) {
        replace(list, empty('Nothing waits for review.'));
        return;
      }
      replace(list, h('p', {}, `${page.total} open proposal${page.total === 1 ? '' : 's'}, oldest last.`), page.items.map(card));
    } catch (e) {
      replace(list, errorBox(`The queue could not be loaded: ${(e as Error).message}`));
    }
  };

  const card = (e: Edit) => {
    const own = e.proposer === ctx.session.username;
    const comment = h('textarea', { rows: 2, id: `comment-${e.id}`, 'aria-label': `Comment on ${e.subject}` });
    const approve = h('button', { type: 'button', class: 'approve', disabled: own, 'aria-describedby': own ? `own-${e.id}` : undefined }, 'Approve');
    const reject = h('button', { type: 'button', class: 'reject secondary' }, 'Reject');
    const outcome = h('div', { 'aria-live': 'polite' });
    const decide = async (decision: 'APPROVE' | 'REJECT') => {
      if (decision === 'REJECT' && comment.value.trim() === '') {
        replace(outcome, notice('A rejection must say why: write a comment.', 'error'));
        comment.focus();
        return;
      }
      approve.disabled = true;
      reject.disabled = true;
      try {
        await ctx.api.send('POST', `/api/edits/${e.id}/review`, { decision, comment: comment.value.trim() || undefined });
        replace(status, notice(`${decision === 'APPROVE' ? 'Approved' : 'Rejected'}: “${e.subject}” → ${e.targetNew}.`));
        article.remove();
      } catch (err) {
        replace(outcome, notice(`Not recorded: ${(err as Error).message}`, 'error'));
        approve.disabled = own;
        reject.disabled = false;
      }
    };
    approve.addEventListener('click', () => decide('APPROVE'));
    reject.addEventListener('click', () => decide('REJECT'));
    const article = h(
      'article',
      { class: `card review${e.conflicts.length ? ' conflict-card' : ''}`, 'data-edit': e.id, 'aria-label': `${e.subject}: ${e.targetNew}` },
      h('h2', {}, e.prompt.replace('{}', e.subject), ' ', h('mark', { class: 'target' }, e.targetNew)),
      h('p', { class: 'meta' }, `Model ${e.modelId} · proposed by ${e.proposer} · ${when(e.createdAt)}`, e.targetTrue ? ` · current object: ${e.targetTrue}` : ''),
      e.conflicts.length
        ? h(
            'div',
            { class: 'conflicts', role: 'note' },
            h('strong', {}, `Conflicts with ${e.conflicts.length} other proposal${e.conflicts.length === 1 ? '' : 's'} for the same subject and relation:`),
            h('ul', {}, e.conflicts.map((c) => h('li', {}, `${c.targetNew} (${c.state})`))),
          )
        : null,
      h('h3', {}, 'Rationale'),
      h('p', { class: 'rationale' }, e.rationale),
      e.evidenceLinks.length
        ? h('ul', { class: 'evidence' }, e.evidenceLinks.map((l) => h('li', {}, h('a', { href: l, target: '_blank', rel: 'noopener noreferrer' }, l))))
        : h('p', { class: 'muted' }, 'No evidence links.'),
      h('label', { for: `comment-${e.id}` }, 'Comment'),
      comment,
      h('div', { class: 'actions' }, approve, reject, own ? h('span', { class: 'why', id: `own-${e.id}` }, 'You proposed this edit, so another reviewer must approve it.') : null),
      outcome,
    );
    return article;
  };

  model.addEventListener('change', load);
  load();
  return h('section', { class: 'page' }, h('h1', {}, 'Review queue'), h('div', { class: 'toolbar' }, h('label', { for: 'review-model' }, 'Model '), model), status, list);
}
