import { describe, expect, it } from 'vitest';
import { parseBulk, parseCsv } from './bulk';

describe('csv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('says where a quote is left open', () => {
    expect(() => parseCsv('a\n"open\n')).toThrow(/line 2/);
  });
});

describe('bulk', () => {
  const header = 'subject,prompt,targetNew,targetTrue,rationale,evidenceLinks\n';

  it('checks each CSV row and reports its line', () => {
    const csv = header + 'Paris,{} is the capital of,Italy,France,test,https://a.org|https://b.org\n' + 'Rome,capital of,Spain,,why,\n';
    const parsed = parseBulk('edits.csv', csv, 'm1');
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows[0].errors).toEqual([]);
    expect(parsed.rows[0].proposal.modelId).toBe('m1');
    expect(parsed.rows[0].proposal.evidenceLinks).toEqual(['https://a.org', 'https://b.org']);
    expect(parsed.rows[1].line).toBe(3);
    expect(parsed.rows[1].errors.map((e) => e.field)).toEqual(['prompt']);
  });

  it('refuses a header without the required columns or with unknown ones', () => {
    expect(parseBulk('x.csv', 'subject,colour\nx,y\n', 'm').fileErrors).toEqual([
      'the header row lacks prompt, targetNew, rationale',
      'unknown columns: colour (known: modelId, subject, prompt, targetNew, targetTrue, rationale, evidenceLinks)',
    ]);
  });

  it('flags rows with too few fields', () => {
    const parsed = parseBulk('x.csv', header + 'Paris,{} is in,Italy\n', 'm');
    expect(parsed.rows[0].errors[0]).toEqual({ field: 'line', message: 'has 3 fields, the header has 6' });
  });

  it('reads JSONL with per-line errors and skips blank lines', () => {
    const jsonl = [
      JSON.stringify({ modelId: 'm2', subject: 'Paris', prompt: '{} is in', targetNew: 'Italy', rationale: 'r', evidenceLinks: ['https://a.org'] }),
      '',
      '{broken',
      '[1]',
    ].join('\n');
    const parsed = parseBulk('edits.jsonl', jsonl, 'm1');
    expect(parsed.rows.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(parsed.rows[0].errors).toEqual([]);
    expect(parsed.rows[0].proposal.modelId).toBe('m2');
    expect(parsed.rows[1].errors[0].message).toMatch(/^not JSON/);
    expect(parsed.rows[2].errors[0].message).toBe('must be a JSON object');
  });

  it('says when the file holds no edits', () => {
    expect(parseBulk('e.csv', '', 'm').fileErrors).toEqual(['the file is empty']);
    expect(parseBulk('e.csv', header, 'm').fileErrors).toEqual(['the file has a header but no edits']);
  });
});
