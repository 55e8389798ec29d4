import { describe, expect, it } from 'vitest';
import { previewOf, previewText, splitLinks, toRequestBody, validateProposal, type Proposal } from './proposal';

const good: Proposal = {
  modelId: 'gpt2-world',
  subject: 'Danielle Darrieux',
  prompt: 'The mother tongue of {} is',
  targetNew: 'English',
  targetTrue: 'French',
  rationale: 'She was French.',
  evidenceLinks: ['https://en.wikipedia.org/wiki/Danielle_Darrieux'],
};

describe('proposal', () => {
  it('accepts a complete proposal', () => {
    expect(validateProposal(good)).toEqual([]);
  });

  it('names each field at fault', () => {
    const errors = validateProposal({ ...good, subject: ' ', prompt: 'no slot', rationale: '', evidenceLinks: ['ftp://x', 'https://ok.org'] });
    expect(errors.map((e) => e.field)).toEqual(['subject', 'prompt', 'rationale', 'evidenceLinks[0]']);
  });

  it('wants {} exactly once and no other braces', () => {
    expect(validateProposal({ ...good, prompt: '{} and {}' })[0].field).toBe('prompt');
    expect(validateProposal({ ...good, prompt: '{x} {}' })[0].field).toBe('prompt');
    expect(validateProposal({ ...good, prompt: '{} is\n' })[0].field).toBe('prompt');
  });

  it('refuses a new object equal to the current one and multi-line subjects', () => {
    expect(validateProposal({ ...good, targetNew: 'French' }).map((e) => e.field)).toEqual(['targetNew']);
    expect(validateProposal({ ...good, subject: 'a\nb' })[0].message).toMatch(/one line/);
  });

  it('previews the sentence with the subject in place of {}', () => {
    const p = previewOf(good.prompt, good.subject, good.targetNew);
    expect(p).toEqual({ before: 'The mother tongue of ', subject: 'Danielle Darrieux', after: ' is', target: 'English' });
    expect(previewText(p!)).toBe('The mother tongue of Danielle Darrieux is English');
    expect(previewOf('no slot', 's', 't')).toBeNull();
    expect(previewText(previewOf('{} plays', 'Messi', '')!)).toBe('Messi plays');
  });

  it('splits evidence on whitespace and leaves out an empty current object', () => {
    expect(splitLinks(' https://a.org\n\nhttps://b.org  ')).toEqual(['https://a.org', 'https://b.org']);
    expect(toRequestBody({ ...good, targetTrue: ' ' })).not.toHaveProperty('targetTrue');
    expect(toRequestBody(good).targetTrue).toBe('French');
  });
});
