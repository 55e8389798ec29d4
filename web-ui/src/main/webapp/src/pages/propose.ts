// Propose one edit with a live preview and field errors, or many from a CSV/JSONL file.
import type { Context } from '../main';
import { ApiError } from '../lib/api';
import { bytesToHex, sha256, utf8 } from '../lib/bytes';
import { parseBulk, type BulkRow } from '../lib/bulk';
import { previewOf, splitLinks, toRequestBody, validateProposal, type FieldError, type Proposal } from '../lib/proposal';
import type { Edit, Model } from '../lib/types';
import { empty, errorBox, field, h, loading, notice, replace } from '../ui/dom';

export function proposePage(ctx: Context): HTMLElement {
  const page = h('section', { class: 'page' }, h('h1', {}, 'Propose an edit'), loading('models'));
  ctx.api
    .get<Model[]>('/api/models')
    .then((models) => {
      page.lastElementChild!.remove();
      if (models.length === 0) {
        page.append(empty('No model is registered yet. An operator registers models before edits can be proposed.'));
        return;
      }
      page.append(singleForm(ctx, models), bulkForm(ctx, models));
    })
    .catch((e: Error) => replace(page, h('h1', {}, 'Propose an edit'), errorBox(`The models could not be loaded: ${e.message}`)));
  return page;
}

function singleForm(ctx: Context, models: Model[]): HTMLElement {
  const model = h('select', {}, models.map((m) => h('option', { value: m.id }, `${m.displayName} (${m.id}, v${m.currentVersion})`)));
  const subject = h('input', { type: 'text', autocomplete: 'off', placeholder: 'Danielle Darrieux' });
  const prompt = h('input', { type: 'text', autocomplete: 'off', placeholder: 'The mother tongue of {} is' });
  const targetNew = h('input', { type: 'text', autocomplete: 'off', placeholder: 'English' });
  const targetTrue = h('input', { type: 'text', autocomplete: 'off', placeholder: 'French (optional)' });
  const rationale = h('textarea', { rows: 3 });
  const evidence = h('textarea', { rows: 2, placeholder: 'https://… one link per line' });
  const fields: Record<string, { wrap: HTMLElement; error: HTMLElement }> = {
    modelId: field('p-model', 'Model', model),
    subject: field('p-subject', 'Subject', subject),
    prompt: field('p-prompt', 'Prompt', prompt, 'Write {} where the subject goes.'),
    targetNew: field('p-target-new', 'New object', targetNew),
    targetTrue: field('p-target-true', 'Current object', targetTrue, 'What the model says now, if you know it.'),
    rationale: field('p-rationale', 'Rationale', rationale, 'Why the model is wrong; reviewers read this.'),
    evidenceLinks: field('p-evidence', 'Evidence links', evidence),
  };
  const preview = h('p', { class: 'preview', id: 'preview', 'aria-live': 'polite' });
  const answer = h('p', { class: 'answer', id: 'answer', 'aria-live': 'polite' });
  const result = h('div', { id: 'propose-result' });
  const submit = h('button', { type: 'submit' }, 'Propose');

  const read = (): Proposal => ({
    modelId: model.value,
    subject: subject.value,
    prompt: prompt.value,
    targetNew: targetNew.value,
    targetTrue: targetTrue.value,
    rationale: rationale.value,
    evidenceLinks: splitLinks(evidence.value),
  });
  const updatePreview = () => {
    const p = previewOf(prompt.value, subject.value || '…', targetNew.value || '…');
    if (!p) {
      replace(preview, h('span', { class: 'muted' }, 'The preview appears once the prompt holds {}.'));
      return;
    }
    replace(preview, 'Preview: ', p.before, h('mark', { class: 'subject' }, p.subject), p.after, ' ', h('mark', { class: 'target' }, p.target));
  };
  const showErrors = (errors: FieldError[]) => {
    Object.values(fields).forEach((f) => {
      f.error.textContent = '';
      f.wrap.classList.remove('invalid');
    });
    errors.forEach((e) => {
      const f = fields[e.field.replace(/\[\d+\]$/, '')];
      if (f) {
        f.error.textContent = f.error.textContent ? `${f.error.textContent}; ${e.message}` : `${e.field.includes('[') ? `${e.field}: ` : ''}${e.message}`;
        f.wrap.classList.add('invalid');
      }
    });
    const firstBad = errors.map((e) => fields[e.field.replace(/\[\d+\]$/, '')]).find(Boolean);
    firstBad?.wrap.querySelector<HTMLElement>('input,textarea,select')?.focus();
  };
  // What the model says now, from the editor worker's read-only answer endpoint, once typing pauses.
  let asked = '';
  let timer: number | undefined;
  const updateAnswer = () => {
    window.clearTimeout(timer);
    const p = previewOf(prompt.value, subject.value.trim(), '');
    if (!p || !subject.value.trim()) {
      replace(answer);
      asked = '';
      return;
    }
    const sentence = `${p.before}${p.subject}${p.after}`.trim();
    const key = `${model.value}\n${sentence}`;
    if (key === asked) return;
    timer = window.setTimeout(async () => {
      asked = key;
      replace(answer, h('span', { class: 'muted' }, 'Asking the model…'));
      try {
        const reply = await ctx.api.send<{ version: number; answers: { completion: string }[] }>('POST', `/api/models/${encodeURIComponent(model.value)}/answer`, { prompts: [sentence], maxTokens: 5 });
        if (asked !== key) return;
        replace(answer, `The model (version ${reply!.version}) now continues: `, h('q', {}, `${sentence} `, h('strong', {}, reply!.answers[0]?.completion || '(nothing)')));
      } catch (e) {
        if (asked !== key) return;
        const status = (e as ApiError).status;
        replace(
          answer,
          h('span', { class: 'muted' }, status === 404 ? 'The editor worker has not loaded this model yet (it does with its first batch), so its current answer is not shown.' : `The model's current answer is unavailable: ${(e as Error).message}`),
        );
      }
    }, 600);
  };
  [subject, prompt, targetNew].forEach((el) => el.addEventListener('input', updatePreview));
  [subject, prompt].forEach((el) => el.addEventListener('input', updateAnswer));
  model.addEventListener('change', updateAnswer);
  updatePreview();

  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'single-title' },
    h('h2', { id: 'single-title' }, 'One edit'),
    h('div', { class: 'grid' }, fields.modelId.wrap, fields.subject.wrap, fields.prompt.wrap, fields.targetNew.wrap, fields.targetTrue.wrap),
    preview,
    answer,
    fields.rationale.wrap,
    fields.evidenceLinks.wrap,
    h('div', { class: 'actions' }, submit),
    result,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const proposal = read();
    const errors = validateProposal(proposal);
    showErrors(errors);
    replace(result);
    if (errors.length) {
      result.append(notice(`Fix the ${errors.length === 1 ? 'field' : `${errors.length} fields`} marked above.`, 'error'));
      return;
    }
    submit.disabled = true;
    try {
      const edit = await ctx.api.send<Edit>('POST', '/api/edits', toRequestBody(proposal), { 'Idempotency-Key': crypto.randomUUID() });
      replace(result, notice(`Proposed: “${edit!.subject}” → ${edit!.targetNew} (edit ${edit!.id}, ${edit!.state}). A reviewer other than you approves it.`));
      [subject, prompt, targetNew, targetTrue, rationale, evidence].forEach((el) => (el.value = ''));
      updatePreview();
    } catch (err) {
      const apiError = err as ApiError;
      if (apiError.fieldErrors?.length) showErrors(apiError.fieldErrors);
      replace(result, notice(`Not proposed: ${apiError.message}`, 'error'));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function bulkForm(ctx: Context, models: Model[]): HTMLElement {
  const model = h('select', {}, models.map((m) => h('option', { value: m.id }, m.id)));
  const file = h('input', { type: 'file', accept: '.csv,.jsonl,.json,text/csv,application/x-ndjson' });
  const out = h('div', { id: 'bulk-result' });
  let rows: BulkRow[] = [];
  let fileHash = '';

  const send = h('button', { type: 'button', disabled: true }, 'Send valid rows');
  const render = (statuses: Map<number, HTMLElement> = new Map()) => {
    const valid = rows.filter((r) => r.errors.length === 0).length;
    send.disabled = valid === 0;
    send.textContent = `Send ${valid} valid row${valid === 1 ? '' : 's'}`;
    replace(
      out,
      h('p', {}, `${rows.length} rows, ${valid} valid, ${rows.length - valid} with errors.`),
      h(
        'table',
        { class: 'rows' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'narrow' }, 'Line'), h('th', { scope: 'col' }, 'Edit'), h('th', { scope: 'col' }, 'Result'))),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              { class: r.errors.length ? 'row-invalid' : '' },
              h('td', {}, r.line),
              h('td', {}, `${r.proposal.subject || '—'}: ${r.proposal.prompt || '—'} → ${r.proposal.targetNew || '—'}`),
              h('td', {}, statuses.get(r.line) ?? (r.errors.length ? h('ul', { class: 'errors' }, r.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))) : 'ready')),
            ),
          ),
        ),
      ),
    );
  };

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    fileHash = bytesToHex(await sha256(utf8(text))).slice(0, 32);
    const parsed = parseBulk(chosen.name, text, model.value);
    rows = parsed.rows;
    if (parsed.fileErrors.length) {
      send.disabled = true;
      replace(out, h('ul', { class: 'error', role: 'alert' }, parsed.fileErrors.map((m) => h('li', {}, m))));
      return;
    }
    render();
  });
  send.addEventListener('click', async () => {
    send.disabled = true;
    const statuses = new Map<number, HTMLElement>();
    for (const r of rows.filter((x) => x.errors.length === 0)) {
      try {
        // The key ties a row to this file's content, so sending the same file twice proposes nothing twice.
        const edit = await ctx.api.send<Edit>('POST', '/api/edits', toRequestBody(r.proposal), { 'Idempotency-Key': `bulk-${fileHash}-${r.line}` });
        statuses.set(r.line, h('span', { class: 'ok' }, `proposed (${edit!.state})`));
      } catch (e) {
        statuses.set(r.line, h('span', { class: 'error-text' }, (e as Error).message));
      }
      render(statuses);
    }
    send.disabled = true;
  });

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'bulk-title' },
    h('h2', { id: 'bulk-title' }, 'Many edits from a file'),
    h('p', { class: 'hint' }, 'CSV with a header row (subject, prompt, targetNew, rationale; optional modelId, targetTrue, evidenceLinks separated by |) or JSONL, one object per line.'),
    h('div', { class: 'grid' }, field('bulk-model', 'Model for rows without modelId', model).wrap, field('bulk-file', 'File', file).wrap),
    h('div', { class: 'actions' }, send),
    out,
  );
}
