// Auditors: the signed log with filters, one entry verified in this browser (leaf hash, inclusion proof,
// Ed25519 signatures of the tree head and the entry), and the compliance report of a model for a period.
import type { Context } from '../main';
import { importEd25519, verifyProvenEntry, type ProvenEntry } from '../lib/merkle';
import { EVENT_TYPES, type HistoryEntry, type HistoryPage, type Model } from '../lib/types';
import { empty, errorBox, field, h, loading, notice, replace, when } from '../ui/dom';

export function auditPage(ctx: Context): HTMLElement {
  return h('section', { class: 'page' }, h('h1', {}, 'Audit'), logSection(ctx), complianceSection(ctx));
}

function logSection(ctx: Context): HTMLElement {
  const model = h('input', { type: 'text' });
  const actor = h('input', { type: 'text' });
  const type = h('select', {}, h('option', { value: '' }, 'any'), EVENT_TYPES.map((t) => h('option', { value: t }, t)));
  const since = h('input', { type: 'date' });
  const until = h('input', { type: 'date' });
  const list = h('div', { id: 'log-list' });
  const proof = h('div', { id: 'proof' });
  const head = h('p', { class: 'meta', id: 'sth' });
  let pages: (number | undefined)[] = [undefined];

  const load = async (after?: number) => {
    replace(list, loading('the log'));
    try {
      const page = await ctx.api.get<HistoryPage>('/api/log/history', {
        model: model.value.trim(),
        actor: actor.value.trim(),
        type: type.value,
        since: since.value,
        until: until.value,
        after,
        limit: 25,
      });
      if (page.entries.length === 0) {
        replace(list, empty('No log entry matches these filters.'));
        return;
      }
      const older = page.nextAfter;
      replace(
        list,
        h(
          'table',
          { class: 'log' },
          h('thead', {}, h('tr', {}, ['#', 'When', 'Event', 'Actor', 'Model', 'Version', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, page.entries.map((e) => row(e))),
        ),
        h(
          'div',
          { class: 'actions' },
          pages.length > 1 ? h('button', { type: 'button', class: 'secondary', onclick: () => { pages.pop(); load(pages[pages.length - 1]); } }, 'Previous page') : null,
          older !== undefined ? h('button', { type: 'button', class: 'secondary', onclick: () => { pages.push(older); load(older); } }, 'Next page') : null,
        ),
      );
    } catch (e) {
      replace(list, errorBox(`The log could not be loaded: ${(e as Error).message}`));
    }
  };

  const row = (e: HistoryEntry) =>
    h(
      'tr',
      { 'data-index': e.index },
      h('td', {}, e.index),
      h('td', {}, when(e.occurredAt)),
      h('td', {}, e.type),
      h('td', {}, e.actor),
      h('td', {}, e.modelId),
      h('td', {}, e.modelVersion ?? '—'),
      h('td', {}, h('button', { type: 'button', class: 'secondary verify', onclick: () => verify(e.index) }, 'Verify')),
    );

  const verify = async (index: number) => {
    replace(proof, loading(`entry ${index} and its proof`));
    try {
      const [proven, pem] = await Promise.all([ctx.api.get<ProvenEntry>(`/api/log/entries/${index}`), ctx.api.text('/api/log/public-key')]);
      const key = await importEd25519(pem);
      const result = await verifyProvenEntry(proven, key);
      const unsupported = result.checks.some((c) => c.outcome === 'unsupported');
      let entry: unknown = proven.entry.canonicalEntry;
      try {
        entry = JSON.parse(proven.entry.canonicalEntry);
      } catch {
        // Shown as the raw text; the leaf-hash check above already says whether it is the logged text.
      }
      replace(
        proof,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'proof-title' },
          h('h2', { id: 'proof-title' }, `Entry ${index}`),
          h(
            'p',
            { id: 'verdict', class: result.verified ? 'verdict ok' : 'verdict bad', role: 'status', tabindex: '-1' },
            result.verified
              ? `Verified in this browser: entry ${index} is in the log's signed tree of ${proven.treeHead.treeSize} entries.`
              : unsupported
                ? 'Hashes and proof checked in this browser; this browser cannot check Ed25519 signatures, so run bin/audit-verify for them.'
                : `Verification FAILED for entry ${index}: see the checks below.`,
          ),
          h('ul', { class: 'checks' }, result.checks.map((c) => h('li', { class: `check ${c.outcome}` }, h('strong', {}, `${c.name}: ${c.outcome === 'pass' ? 'passes' : c.outcome === 'fail' ? 'FAILS' : 'not checked here'}`), ` — ${c.detail}`))),
          h(
            'p',
            { class: 'meta' },
            `Signed tree head: size ${proven.treeHead.treeSize}, root `,
            h('code', { class: 'hash' }, proven.treeHead.rootHash),
            `, ${proven.treeHead.timestamp}, key ${proven.treeHead.keyId}.`,
          ),
          h('details', {}, h('summary', {}, 'The entry as logged'), h('pre', {}, JSON.stringify(entry, null, 2))),
        ),
      );
      proof.querySelector<HTMLElement>('#verdict')?.focus();
    } catch (e) {
      replace(proof, errorBox(`Entry ${index} could not be verified: ${(e as Error).message}`));
    }
  };

  const loadHead = async () => {
    try {
      const sth = await ctx.api.get<{ treeSize: number; rootHash: string; timestamp: string; keyId: string }>('/api/log/sth');
      replace(head, `The log holds ${sth.treeSize} entries; latest signed head at ${sth.timestamp} (key ${sth.keyId}).`);
    } catch (e) {
      replace(head, errorBox(`The signed tree head could not be read: ${(e as Error).message}`));
    }
  };

  const filters = h(
    'form',
    { class: 'filters', role: 'search' },
    field('log-model', 'Model', model).wrap,
    field('log-actor', 'Actor', actor).wrap,
    field('log-type', 'Event', type).wrap,
    field('log-since', 'From', since).wrap,
    field('log-until', 'Until (exclusive)', until).wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter')),
  );
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    pages = [undefined];
    load();
  });
  loadHead();
  load();
  return h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Log'), head, filters, list, proof);
}

function complianceSection(ctx: Context): HTMLElement {
  const model = h('select', {});
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const out = h('div', { id: 'compliance' });
  ctx.api
    .get<Model[]>('/api/models')
    .then((models) => {
      if (models.length === 0) replace(out, empty('No model is registered, so there is nothing to report on.'));
      models.forEach((m) => model.append(h('option', { value: m.id }, m.id)));
    })
    .catch((e: Error) => replace(out, errorBox(`The models could not be loaded: ${e.message}`)));

  const query = (format: string) => {
    const params = new URLSearchParams({ model: model.value, format });
    if (from.value) params.set('from', from.value);
    if (to.value) params.set('to', to.value);
    return `/api/reports/compliance?${params}`;
  };
  const download = async (format: 'json' | 'html') => {
    try {
      const answer = await ctx.api.raw('GET', query(format), undefined, { Accept: format === 'json' ? 'application/json' : 'text/html' });
      const url = URL.createObjectURL(await answer.blob());
      const a = h('a', { href: url, download: `compliance-${model.value}-${from.value || 'start'}-${to.value || 'now'}.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      replace(out, errorBox(`The report could not be downloaded: ${(e as Error).message}`));
    }
  };
  const form = h(
    'form',
    { class: 'filters' },
    field('compliance-model', 'Model', model).wrap,
    field('compliance-from', 'From', from).wrap,
    field('compliance-to', 'To (exclusive)', to).wrap,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Show report'),
      h('button', { type: 'button', class: 'secondary', id: 'download-json', onclick: () => download('json') }, 'Download JSON'),
      h('button', { type: 'button', class: 'secondary', id: 'download-html', onclick: () => download('html') }, 'Download HTML'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!model.value) {
      replace(out, notice('Pick a model.', 'error'));
      return;
    }
    replace(out, loading('the report'));
    try {
      const report = await ctx.api.get<{
        summary: { editsApplied: number; batchesCompleted: number; batchesFailed: number; versionsCommitted: number; rollbacks: number };
        coverage: { treeHead: { treeSize: number }; entriesCited: number; howToVerify: string };
        appliedEdits: { editId: string; subject: string; targetNew: string; proposedBy: string; approvedBy: string; version?: number }[];
      }>(query('json').replace(/&format=json/, ''));
      const s = report.summary;
      replace(
        out,
        h(
          'div',
          { class: 'card', id: 'compliance-summary' },
          h('p', {}, `${count(s.editsApplied, 'edit')} applied, ${count(s.batchesCompleted, 'batch', 'batches')} completed, ${s.batchesFailed} failed, ${count(s.versionsCommitted, 'version')} committed, ${count(s.rollbacks, 'rollback')}.`),
          h('p', { class: 'meta' }, `Cites ${report.coverage.entriesCited} log entries, all covered by the signed head of size ${report.coverage.treeHead.treeSize}. ${report.coverage.howToVerify}`),
          report.appliedEdits.length
            ? h(
                'table',
                {},
                h('thead', {}, h('tr', {}, ['Edit', 'Proposed by', 'Approved by', 'Version'].map((t) => h('th', { scope: 'col' }, t)))),
                h('tbody', {}, report.appliedEdits.map((a) => h('tr', {}, h('td', {}, `${a.subject} → ${a.targetNew}`), h('td', {}, a.proposedBy), h('td', {}, a.approvedBy), h('td', {}, a.version ?? '—')))),
              )
            : empty('No edit was applied to this model in the period.'),
        ),
      );
    } catch (err) {
      replace(out, errorBox(`The report could not be built: ${(err as Error).message}`));
    }
  });
  return h('section', { 'aria-labelledby': 'compliance-title' }, h('h2', { id: 'compliance-title' }, 'Compliance report'), form, out);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
