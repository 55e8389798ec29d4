// Operators: models with their versions and batches, each batch's evaluation report with plots, the batch
// policy, cutting a batch now, following a running batch, and rolling back with a reason.
import type { Context } from '../main';
import { ApiError } from '../lib/api';
import { barChart } from '../lib/chart';
import { readReport } from '../lib/report';
import type { Batch, BatchPolicy, Edit, Model, Version } from '../lib/types';
import { empty, errorBox, field, h, loading, notice, percent, replace, stateBadge, svg, when } from '../ui/dom';

export function modelsPage(ctx: Context): HTMLElement {
  const page = h('section', { class: 'page' }, h('h1', {}, 'Models'));
  const picker = h('div', { class: 'toolbar' });
  const detail = h('div', { id: 'model-detail' });
  page.append(picker, detail, registerForm(ctx, () => load()));

  const load = async (selected?: string) => {
    replace(picker, loading('models'));
    try {
      const models = await ctx.api.get<Model[]>('/api/models');
      if (models.length === 0) {
        replace(picker, empty('No model is registered yet. Register one below.'));
        replace(detail);
        return;
      }
      const select = h('select', { id: 'model-select' }, models.map((m) => h('option', { value: m.id }, `${m.displayName} (${m.id})`)));
      const chosen = selected ?? ctx.arg ?? models[0].id;
      if (models.some((m) => m.id === chosen)) select.value = chosen;
      select.addEventListener('change', () => {
        history.replaceState(null, '', `#/models/${encodeURIComponent(select.value)}`);
        showModel(models.find((m) => m.id === select.value)!);
      });
      replace(picker, h('label', { for: 'model-select' }, 'Model '), select);
      showModel(models.find((m) => m.id === select.value)!);
    } catch (e) {
      replace(picker, errorBox(`The models could not be loaded: ${(e as Error).message}`));
    }
  };

  const showModel = (model: Model) => {
    const status = h('div', { id: 'model-status' });
    const policy = h('div', { class: 'card', id: 'policy' });
    const batches = h('div', { class: 'card', id: 'batches' });
    const versions = h('div', { class: 'card', id: 'versions' });
    const report = h('div', { id: 'report' });
    const cut = h('button', { type: 'button', id: 'cut-batch' }, 'Cut a batch now');
    replace(
      detail,
      h('h2', {}, model.displayName),
      h(
        'p',
        { class: 'meta' },
        `${model.id} · ${model.architecture} · ${model.editMethod} · current version `,
        h('strong', { id: 'current-version' }, String(model.currentVersion)),
        ` · gates ES ≥ ${percent(model.gates.minEfficacySuccess)}, PS ≥ ${percent(model.gates.minParaphraseSuccess)}, NS ≥ ${percent(model.gates.minNeighborhoodSuccess)}, fluency drop ≤ ${model.gates.maxFluencyDrop}`,
      ),
      h('div', { class: 'actions' }, cut),
      status,
      h('div', { class: 'columns' }, batches, policy),
      report,
      versions,
    );
    cut.addEventListener('click', async () => {
      cut.disabled = true;
      try {
        const batch = await ctx.api.send<Batch>('POST', `/api/models/${encodeURIComponent(model.id)}/batches`);
        replace(status, notice(`Batch ${batch!.seq} cut with ${batch!.editCount} edit${batch!.editCount === 1 ? '' : 's'}; the editor worker applies it to version ${batch!.baseVersion}.`));
        await loadBatches();
      } catch (e) {
        replace(status, notice((e as ApiError).status === 409 ? `No batch cut: ${(e as Error).message}` : `The batch could not be cut: ${(e as Error).message}`, 'error'));
      } finally {
        cut.disabled = false;
      }
    });

    let poll: number | undefined;
    const loadBatches = async () => {
      window.clearTimeout(poll);
      try {
        const list = await ctx.api.get<Batch[]>(`/api/models/${encodeURIComponent(model.id)}/batches`);
        list.sort((a, b) => b.seq - a.seq);
        replace(
          batches,
          h('h3', {}, 'Batches'),
          list.length === 0
            ? empty('No batch yet. Approved edits wait for the policy or for “Cut a batch now”.')
            : h(
                'table',
                {},
                h('thead', {}, h('tr', {}, ['#', 'State', 'Trigger', 'Edits', 'Cut', 'Result', ''].map((t) => h('th', { scope: 'col' }, t)))),
                h(
                  'tbody',
                  {},
                  list.map((b) =>
                    h(
                      'tr',
                      { 'data-batch': b.id },
                      h('td', {}, b.seq),
                      h('td', {}, stateBadge(b.state)),
                      h('td', {}, b.trigger),
                      h('td', {}, b.editCount),
                      h('td', {}, `${when(b.createdAt)} by ${b.createdBy}`),
                      h('td', {}, progress(b)),
                      h('td', {}, b.report ? h('button', { type: 'button', class: 'secondary', onclick: () => showReport(b) }, 'Report') : null),
                    ),
                  ),
                ),
              ),
        );
        if (list.some((b) => b.state === 'SCHEDULED') && document.body.contains(batches)) {
          // A running batch: follow it until the worker reports, then show the new version.
          poll = window.setTimeout(async () => {
            await loadBatches();
            await loadVersions();
          }, 3000);
        }
        const latest = list.find((b) => b.report);
        if (latest && !report.hasChildNodes()) await showReport(latest);
      } catch (e) {
        replace(batches, h('h3', {}, 'Batches'), errorBox(`The batches could not be loaded: ${(e as Error).message}`));
      }
    };

    const progress = (b: Batch) => {
      if (b.state === 'COMPLETED') return `version ${b.newVersion} at ${when(b.finishedAt)}`;
      if (b.state === 'FAILED') return h('span', { class: 'error-text' }, `${b.failureKind ?? 'failed'}: ${b.failureReason ?? ''}`);
      const waited = Math.max(0, Math.round((Date.now() - new Date(b.createdAt).getTime()) / 1000));
      const label = h('span', { class: 'running', role: 'status' }, `waiting for the editor worker (${waited} s)`);
      ctx.api
        .get<{ phase: string; done: number; total: number }>(`/api/batches/${b.id}/progress`)
        .then((p) => {
          replace(label, h('progress', { max: p.total, value: p.done, 'aria-label': `batch ${b.seq} progress` }), ` ${p.phase.toLowerCase().replace(/_/g, ' ')} (${p.done}/${p.total}, ${waited} s)`);
        })
        .catch(() => undefined);
      return label;
    };

    const showReport = async (b: Batch) => {
      const read = readReport(b.report, model.gates);
      // Rows name edits by id; a reader wants the fact, so the first edits are looked up for their labels.
      const names = new Map<string, string>(
        await Promise.all(
          read.perEdit.slice(0, 50).map((e) =>
            ctx.api
              .get<Edit>(`/api/edits/${encodeURIComponent(e.id)}`)
              .then((edit): [string, string] => [e.id, `${edit.subject} → ${edit.targetNew}`])
              .catch((): [string, string] => [e.id, e.id.slice(0, 8)]),
          ),
        ),
      );
      const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
      const perEdit = read.perEdit.length
        ? svg(
            barChart({
              title: `Batch ${b.seq}: efficacy of each edit before and after`,
              series: [
                { name: 'before', colour: '#9aa5b1' },
                { name: 'after', colour: '#1f6feb' },
              ],
              rows: read.perEdit.map((e) => ({ label: names.get(e.id) ?? e.id.slice(0, 8), values: [e.before, e.after] })),
              max: 1,
              format: pct,
            }),
          )
        : empty('The report lists no per-edit figures.');
      const aggregates = svg(
        barChart({
          title: `Batch ${b.seq}: ES, PS and NS against the gates`,
          series: [
            { name: 'before', colour: '#9aa5b1' },
            { name: 'after', colour: '#1f6feb' },
          ],
          rows: read.aggregates.map((a) => ({ label: `${a.label}${a.passed === undefined ? '' : a.passed ? ' ✓' : ' ✗'}`, values: [a.before, a.after], mark: a.gate, markLabel: a.gate === undefined ? undefined : `gate ≥ ${pct(a.gate)}` })),
          max: 1,
          format: pct,
        }),
      );
      const f = read.fluency;
      const fluencyMax = Math.max(f.before ?? 0, f.after ?? 0) * 1.1 || 1;
      const fluency = svg(
        barChart({
          title: `Batch ${b.seq}: fluency (generation entropy)`,
          series: [
            { name: 'before', colour: '#9aa5b1' },
            { name: 'after', colour: '#1f6feb' },
          ],
          rows: [{ label: `Fluency${f.passed === undefined ? '' : f.passed ? ' ✓' : ' ✗'}`, values: [f.before, f.after], mark: f.before !== undefined && f.maxDrop !== undefined ? f.before - f.maxDrop : undefined, markLabel: 'lowest allowed after the edit' }],
          max: fluencyMax,
          format: (v) => v.toFixed(2),
        }),
      );
      replace(
        report,
        h(
          'section',
          { class: 'card', id: 'batch-report', 'aria-labelledby': 'report-title' },
          h('h3', { id: 'report-title' }, `Evaluation report of batch ${b.seq} (${b.state}${b.newVersion ? `, version ${b.newVersion}` : ''})`),
          read.passed === undefined ? null : h('p', { class: read.passed ? 'notice' : 'error', id: 'gate-verdict' }, read.passed ? 'The worker found every gate passed.' : 'The worker found a gate failed; the batch was not promoted.'),
          h('div', { class: 'plots' }, h('figure', {}, perEdit, h('figcaption', {}, 'Efficacy per edit')), h('figure', {}, aggregates, h('figcaption', {}, 'Aggregates; dashed lines are the gates')), h('figure', {}, fluency, h('figcaption', {}, 'Fluency; the dashed line is the allowed drop'))),
          h('details', {}, h('summary', {}, 'Raw report'), h('pre', {}, JSON.stringify(b.report, null, 2))),
        ),
      );
    };

    const loadPolicy = async () => {
      let current: BatchPolicy | null = null;
      try {
        current = await ctx.api.get<BatchPolicy>(`/api/models/${encodeURIComponent(model.id)}/batch-policy`);
      } catch (e) {
        if ((e as ApiError).status !== 404) {
          replace(policy, h('h3', {}, 'Batch policy'), errorBox(`The policy could not be loaded: ${(e as Error).message}`));
          return;
        }
      }
      const cron = h('input', { type: 'text', value: current?.cron ?? '', placeholder: '0 0 2 * * ?' });
      const maxSize = h('input', { type: 'number', min: 1, value: current?.maxSize ?? '' });
      const maxWait = h('input', { type: 'number', min: 1, value: current?.maxWaitSeconds ?? '' });
      const fields = {
        cron: field('policy-cron', 'Cron (Quartz, UTC)', cron),
        maxSize: field('policy-size', 'Batch when this many wait', maxSize),
        maxWaitSeconds: field('policy-wait', 'Or when the oldest waited (s)', maxWait),
      };
      const out = h('div');
      const form = h(
        'form',
        { novalidate: true },
        h('h3', {}, 'Batch policy'),
        h('p', { class: 'meta' }, current ? `Set by ${current.updatedBy} at ${when(current.updatedAt)}${current.nextCronAt ? `; next cron firing ${when(current.nextCronAt)}` : ''}.` : 'No policy: batches are cut by hand.'),
        fields.cron.wrap,
        fields.maxSize.wrap,
        fields.maxWaitSeconds.wrap,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit' }, 'Save policy'),
          current
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: async () => {
                    try {
                      await ctx.api.send('DELETE', `/api/models/${encodeURIComponent(model.id)}/batch-policy`);
                      await loadPolicy();
                    } catch (e) {
                      replace(out, notice(`Not removed: ${(e as Error).message}`, 'error'));
                    }
                  },
                },
                'Remove policy',
              )
            : null,
        ),
        out,
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        Object.values(fields).forEach((f) => (f.error.textContent = ''));
        const body = { cron: cron.value.trim() || null, maxSize: maxSize.value ? Number(maxSize.value) : null, maxWaitSeconds: maxWait.value ? Number(maxWait.value) : null };
        if (!body.cron && body.maxSize === null && body.maxWaitSeconds === null) {
          fields.cron.error.textContent = 'set at least one of the three';
          return;
        }
        try {
          await ctx.api.send('PUT', `/api/models/${encodeURIComponent(model.id)}/batch-policy`, body);
          await loadPolicy();
          policy.append(notice('Policy saved.'));
        } catch (e) {
          const err = e as ApiError;
          err.fieldErrors.forEach((fe) => {
            const f = fields[fe.field as keyof typeof fields];
            if (f) f.error.textContent = fe.message;
          });
          replace(out, notice(`Not saved: ${err.message}`, 'error'));
        }
      });
      replace(policy, form);
    };

    const loadVersions = async () => {
      try {
        const list = await ctx.api.get<Version[]>(`/api/models/${encodeURIComponent(model.id)}/versions`);
        list.sort((a, b) => b.version - a.version);
        const current = list.find((v) => v.current);
        const currentBadge = detail.querySelector('#current-version');
        if (current && currentBadge) currentBadge.textContent = String(current.version);
        const reason = h('textarea', { rows: 2 });
        const target = h('select', {}, list.filter((v) => !v.current).map((v) => h('option', { value: v.version }, `version ${v.version}`)));
        const out = h('div');
        const rollback = h(
          'form',
          { novalidate: true, class: 'rollback' },
          h('h4', {}, 'Roll back'),
          field('rollback-target', 'To version', target).wrap,
          field('rollback-reason', 'Reason (recorded in the audit log)', reason).wrap,
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger', disabled: list.length < 2 }, 'Request rollback')),
          out,
        );
        rollback.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          if (!reason.value.trim()) {
            replace(out, notice('Say why: the reason goes into the audit log.', 'error'));
            reason.focus();
            return;
          }
          try {
            await ctx.api.send('POST', `/api/models/${encodeURIComponent(model.id)}/rollback`, { targetVersion: Number(target.value), reason: reason.value.trim() });
            replace(out, notice(`Rollback to version ${target.value} requested; the editor worker commits it as a new version.`));
          } catch (e) {
            replace(out, notice(`Not requested: ${(e as Error).message}`, 'error'));
          }
        });
        replace(
          versions,
          h('h3', {}, 'Versions'),
          h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ['Version', 'From', 'Committed', 'Delta', ''].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              list.map((v) =>
                h(
                  'tr',
                  { 'data-version': v.version },
                  h('td', {}, String(v.version)),
                  h('td', {}, v.rollbackTargetVersion != null ? `rollback to ${v.rollbackTargetVersion}` : v.batchId ? `batch ${v.batchId.slice(0, 8)}` : 'registered artifact'),
                  h('td', {}, when(v.committedAt)),
                  h('td', { class: 'hash' }, v.deltaSha256 ? `${v.deltaSha256.slice(0, 16)}… (${v.deltaSizeBytes ?? '?'} B)` : '—'),
                  h('td', {}, v.current ? h('span', { class: 'badge state-applied' }, 'current') : null),
                ),
              ),
            ),
          ),
          list.length < 2 ? h('p', { class: 'muted' }, 'Rollback becomes possible once there is a second version.') : rollback,
        );
      } catch (e) {
        replace(versions, h('h3', {}, 'Versions'), errorBox(`The versions could not be loaded: ${(e as Error).message}`));
      }
    };

    replace(batches, h('h3', {}, 'Batches'), loading('batches'));
    replace(policy, h('h3', {}, 'Batch policy'), loading('the policy'));
    replace(versions, h('h3', {}, 'Versions'), loading('versions'));
    loadBatches();
    loadPolicy();
    loadVersions();
  };

  load();
  return page;
}

function registerForm(ctx: Context, reload: (id?: string) => void): HTMLElement {
  const inputs = {
    id: h('input', { type: 'text', placeholder: 'gpt2-world' }),
    displayName: h('input', { type: 'text' }),
    artifactLocation: h('input', { type: 'text', placeholder: 'path or URL of the Hugging Face folder' }),
    architecture: h('input', { type: 'text', value: 'gpt2' }),
    editMethod: h('input', { type: 'text', value: 'MEMIT' }),
    minEfficacySuccess: h('input', { type: 'number', step: '0.01', min: 0, max: 1, value: '0.9' }),
    minParaphraseSuccess: h('input', { type: 'number', step: '0.01', min: 0, max: 1, value: '0.5' }),
    minNeighborhoodSuccess: h('input', { type: 'number', step: '0.01', min: 0, max: 1, value: '0.7' }),
    maxFluencyDrop: h('input', { type: 'number', step: '0.1', min: 0, max: 100, value: '5' }),
    editSettings: h('textarea', { rows: 2, placeholder: '{"artifact_location": "/path/to/model", "layers": [3, 4]}' }),
  };
  const labels: Record<keyof typeof inputs, string> = {
    id: 'Id',
    displayName: 'Name',
    artifactLocation: 'Artifact location',
    architecture: 'Architecture',
    editMethod: 'Edit method',
    minEfficacySuccess: 'Gate: min ES',
    minParaphraseSuccess: 'Gate: min PS',
    minNeighborhoodSuccess: 'Gate: min NS',
    maxFluencyDrop: 'Gate: max fluency drop',
    editSettings: 'Edit settings (JSON, optional)',
  };
  const fields = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, field(`register-${k}`, labels[k as keyof typeof inputs], el)])) as Record<string, ReturnType<typeof field>>;
  const out = h('div');
  const form = h('form', { novalidate: true }, h('div', { class: 'grid' }, Object.values(fields).map((f) => f.wrap)), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Register')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(fields).forEach((f) => (f.error.textContent = ''));
    const gate = (el: HTMLInputElement) => (el.value === '' ? null : Number(el.value));
    let editSettings: unknown;
    try {
      editSettings = inputs.editSettings.value.trim() ? JSON.parse(inputs.editSettings.value) : undefined;
    } catch (e) {
      fields.editSettings.error.textContent = `not JSON: ${(e as Error).message}`;
      return;
    }
    try {
      const model = await ctx.api.send<Model>('POST', '/api/models', {
        id: inputs.id.value.trim(),
        displayName: inputs.displayName.value.trim(),
        artifactLocation: inputs.artifactLocation.value.trim(),
        architecture: inputs.architecture.value.trim(),
        editMethod: inputs.editMethod.value.trim(),
        editSettings,
        gates: {
          minEfficacySuccess: gate(inputs.minEfficacySuccess),
          minParaphraseSuccess: gate(inputs.minParaphraseSuccess),
          minNeighborhoodSuccess: gate(inputs.minNeighborhoodSuccess),
          maxFluencyDrop: gate(inputs.maxFluencyDrop),
        },
      });
      replace(out, notice(`Registered ${model!.id} at version 0.`));
      reload(model!.id);
    } catch (e) {
      const err = e as ApiError;
      err.fieldErrors.forEach((fe) => {
        const f = fields[fe.field.replace(/^gates\./, '')];
        if (f) f.error.textContent = fe.message;
      });
      replace(out, notice(`Not registered: ${err.message}`, 'error'));
    }
  });
  return h('details', { class: 'card' }, h('summary', {}, 'Register a model'), form);
}
