// The JSON the services answer with (request-api's EditView, ModelView, BatchView, ...; audit-service's
// history and proofs), as far as the page reads it.
import type { Gates } from './report';

export type EditState = 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'SCHEDULED' | 'APPLIED' | 'FAILED';

export interface Edit {
  id: string;
  modelId: string;
  subject: string;
  prompt: string;
  targetNew: string;
  targetTrue?: string | null;
  rationale: string;
  evidenceLinks: string[];
  proposer: string;
  state: EditState;
  approver?: string | null;
  batchId?: string | null;
  createdAt: string;
  conflicts: { editId: string; targetNew: string; state: EditState }[];
  history: { from: EditState | null; to: EditState; actor: string; comment?: string | null; at: string }[];
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Model {
  id: string;
  displayName: string;
  architecture: string;
  editMethod: string;
  gates: Gates;
  currentVersion: number;
  registeredBy: string;
  registeredAt: string;
}

export interface Version {
  version: number;
  parentVersion?: number | null;
  artifactSha256?: string | null;
  deltaSha256?: string | null;
  deltaSizeBytes?: number | null;
  batchId?: string | null;
  rollbackTargetVersion?: number | null;
  committedAt: string;
  current: boolean;
}

export interface Batch {
  id: string;
  modelId: string;
  seq: number;
  state: 'SCHEDULED' | 'COMPLETED' | 'FAILED';
  trigger: string;
  baseVersion: number;
  editCount: number;
  editIds: string[];
  createdBy: string;
  createdAt: string;
  finishedAt?: string | null;
  newVersion?: number | null;
  failureKind?: string | null;
  failureReason?: string | null;
  report?: Record<string, unknown> | null;
}

export interface BatchPolicy {
  cron?: string | null;
  maxSize?: number | null;
  maxWaitSeconds?: number | null;
  nextCronAt?: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface HistoryEntry {
  index: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: string;
  modelId: string;
  modelVersion?: number;
  batchId?: string;
  entry: unknown;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  nextAfter?: number;
}

export const EVENT_TYPES = [
  'edit.proposed',
  'edit.reviewed',
  'edit.withdrawn',
  'batch.requested',
  'batch.completed',
  'batch.failed',
  'model.version.committed',
  'model.rollback.requested',
];
