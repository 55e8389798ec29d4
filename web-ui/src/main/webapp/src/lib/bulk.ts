// Bulk proposals from a CSV (RFC 4180, header row) or JSONL file: every row checked on its own, so one bad
// row is reported with its line number and the good rows can still be sent.
import { type FieldError, type Proposal, splitLinks, validateProposal } from './proposal';

export interface BulkRow {
  line: number;
  proposal: Proposal;
  errors: FieldError[];
}

export interface BulkParse {
  rows: BulkRow[];
  /** Problems with the file as a whole (no header, unknown format). */
  fileErrors: string[];
}

const COLUMNS = ['modelId', 'subject', 'prompt', 'targetNew', 'targetTrue', 'rationale', 'evidenceLinks'] as const;
const REQUIRED = ['subject', 'prompt', 'targetNew', 'rationale'];

/** Splits CSV text into records of fields, each with the line it started on. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      sawAny = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      sawAny = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (sawAny || fields.some((f) => f !== '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      sawAny = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      sawAny = true;
    }
  }
  if (quoted) {
    throw new Error(`line ${recordLine}: a quoted field is not closed`);
  }
  fields.push(field);
  if (sawAny || fields.some((f) => f !== '')) records.push({ line: recordLine, fields });
  return records;
}

function links(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return splitLinks(value.replace(/\|/g, ' '));
  return [];
}

function toProposal(record: Record<string, unknown>, defaultModel: string): Proposal {
  const text = (k: string) => (record[k] === undefined || record[k] === null ? '' : String(record[k]));
  return {
    modelId: text('modelId') || defaultModel,
    subject: text('subject'),
    prompt: text('prompt'),
    targetNew: text('targetNew'),
    targetTrue: text('targetTrue') || undefined,
    rationale: text('rationale'),
    evidenceLinks: links(record.evidenceLinks),
  };
}

export function parseBulk(fileName: string, text: string, defaultModel: string): BulkParse {
  const body = text.replace(/^\uFEFF/, '');
  if (/\.jsonl?$/i.test(fileName) || /^\s*\{/.test(body)) {
    return parseJsonl(body, defaultModel);
  }
  return parseCsvProposals(body, defaultModel);
}

function parseJsonl(text: string, defaultModel: string): BulkParse {
  const rows: BulkRow[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      rows.push({ line, proposal: toProposal({}, defaultModel), errors: [{ field: 'line', message: `not JSON: ${(e as Error).message}` }] });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rows.push({ line, proposal: toProposal({}, defaultModel), errors: [{ field: 'line', message: 'must be a JSON object' }] });
      return;
    }
    const proposal = toProposal(value as Record<string, unknown>, defaultModel);
    rows.push({ line, proposal, errors: validateProposal(proposal) });
  });
  return { rows, fileErrors: rows.length === 0 ? ['the file has no edits'] : [] };
}

function parseCsvProposals(text: string, defaultModel: string): BulkParse {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    return { rows: [], fileErrors: [(e as Error).message] };
  }
  if (records.length === 0) {
    return { rows: [], fileErrors: ['the file is empty'] };
  }
  const header = records[0].fields.map((h) => h.trim());
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const fileErrors: string[] = [];
  if (missing.length) fileErrors.push(`the header row lacks ${missing.join(', ')}`);
  if (unknown.length) fileErrors.push(`unknown columns: ${unknown.join(', ')} (known: ${COLUMNS.join(', ')})`);
  if (fileErrors.length) return { rows: [], fileErrors };
  const rows = records.slice(1).map(({ line, fields }) => {
    const record: Record<string, unknown> = {};
    header.forEach((h, i) => {
      record[h] = fields[i] ?? '';
    });
    const proposal = toProposal(record, defaultModel);
    const errors = validateProposal(proposal);
    if (fields.length !== header.length) {
      errors.unshift({ field: 'line', message: `has ${fields.length} fields, the header has ${header.length}` });
    }
    return { line, proposal, errors };
  });
  return { rows, fileErrors: rows.length === 0 ? ['the file has a header but no edits'] : [] };
}
