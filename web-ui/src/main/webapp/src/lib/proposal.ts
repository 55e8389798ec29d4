// A proposed edit as the form and the bulk upload build it, checked with the rules request-api applies,
// so mistakes show beside the field before anything is sent.

export interface Proposal {
  modelId: string;
  subject: string;
  prompt: string;
  targetNew: string;
  targetTrue?: string;
  rationale: string;
  evidenceLinks: string[];
}

export interface FieldError {
  field: string;
  message: string;
}

// Mirrors request-api's TextRules.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function singleLine(errors: FieldError[], field: string, value: string | undefined, max: number, required: boolean): void {
  const v = value ?? '';
  if (required && v.trim() === '') {
    errors.push({ field, message: 'is required' });
  } else if (v.length > max) {
    errors.push({ field, message: `must be at most ${max} characters` });
  } else if (CONTROL.test(v)) {
    errors.push({ field, message: 'must be one line without control characters' });
  }
}

export function validateProposal(p: Proposal): FieldError[] {
  const errors: FieldError[] = [];
  singleLine(errors, 'modelId', p.modelId, 200, true);
  singleLine(errors, 'subject', p.subject, 500, true);
  if (p.prompt.trim() === '') {
    errors.push({ field: 'prompt', message: 'is required' });
  } else if (p.prompt.length > 1000) {
    errors.push({ field: 'prompt', message: 'must be at most 1000 characters' });
  } else if (!/^[^{}\p{Cc}]*\{\}[^{}\p{Cc}]*$/u.test(p.prompt)) {
    errors.push({ field: 'prompt', message: 'must contain {} exactly once, where the subject goes, and no other braces' });
  }
  singleLine(errors, 'targetNew', p.targetNew, 500, true);
  singleLine(errors, 'targetTrue', p.targetTrue, 500, false);
  if (p.targetTrue && p.targetNew.trim() !== '' && p.targetTrue.trim() === p.targetNew.trim()) {
    errors.push({ field: 'targetNew', message: 'is the same as the current object' });
  }
  if (p.rationale.trim() === '') {
    errors.push({ field: 'rationale', message: 'is required: say why the model is wrong' });
  } else if (p.rationale.length > 10000) {
    errors.push({ field: 'rationale', message: 'must be at most 10000 characters' });
  } else if (MULTI_LINE_FORBIDDEN.test(p.rationale)) {
    errors.push({ field: 'rationale', message: 'must not contain control characters other than line breaks and tabs' });
  }
  if (p.evidenceLinks.length > 20) {
    errors.push({ field: 'evidenceLinks', message: 'at most 20 links' });
  }
  p.evidenceLinks.forEach((link, i) => {
    if (!isWebLink(link)) {
      errors.push({ field: `evidenceLinks[${i}]`, message: 'must be an absolute http or https URL' });
    }
  });
  return errors;
}

function isWebLink(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Evidence typed one per line (or separated by spaces); blank lines dropped. */
export function splitLinks(text: string): string[] {
  return text.split(/\s+/).map((s) => s.trim()).filter((s) => s !== '');
}

export interface Preview {
  before: string;
  subject: string;
  after: string;
  target: string;
}

/** The sentence the edit teaches, in parts so the page can mark the subject and the new object. */
export function previewOf(prompt: string, subject: string, targetNew: string): Preview | null {
  const at = prompt.indexOf('{}');
  if (at < 0 || prompt.indexOf('{}', at + 2) >= 0) {
    return null;
  }
  return { before: prompt.slice(0, at), subject, after: prompt.slice(at + 2), target: targetNew };
}

export function previewText(p: Preview): string {
  const sentence = `${p.before}${p.subject}${p.after}`.trimEnd();
  return p.target ? `${sentence} ${p.target.trim()}` : sentence;
}

/** The JSON body request-api takes; an absent current object is left out rather than sent empty. */
export function toRequestBody(p: Proposal): Record<string, unknown> {
  const body: Record<string, unknown> = {
    modelId: p.modelId.trim(),
    subject: p.subject.trim(),
    prompt: p.prompt,
    targetNew: p.targetNew.trim(),
    rationale: p.rationale,
    evidenceLinks: p.evidenceLinks.map((l) => l.trim()),
  };
  if (p.targetTrue && p.targetTrue.trim() !== '') {
    body.targetTrue = p.targetTrue.trim();
  }
  return body;
}
