-- request-api's own tables: models and their versions, batch policies, edit requests with their
-- history (reviews are the history's APPROVED / REJECTED steps), batches, rollbacks, and the transactional outbox / consumer dedupe tables.

CREATE TABLE model (
    id                    text PRIMARY KEY,
    display_name          text             NOT NULL,
    architecture          text             NOT NULL,
    edit_method           text             NOT NULL,
    edit_settings         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    gate_min_es           double precision NOT NULL,
    gate_min_ps           double precision NOT NULL,
    gate_min_ns           double precision NOT NULL,
    gate_max_fluency_drop double precision NOT NULL,
    current_version       integer          NOT NULL DEFAULT 0,
    registered_by         text             NOT NULL,
    registered_at         timestamptz      NOT NULL
);

CREATE TABLE model_version (
    model_id                text        NOT NULL REFERENCES model (id),
    version                 integer     NOT NULL,
    parent_version          integer,
    artifact_location       text        NOT NULL,
    artifact_sha256         text,
    delta_location          text,
    delta_sha256            text,
    delta_size_bytes        bigint,
    batch_id                uuid,
    rollback_target_version integer,
    committed_at            timestamptz NOT NULL,
    -- the model.version.committed event that recorded it; null for version 0
    event_id                uuid,
    PRIMARY KEY (model_id, version)
);

-- At most one policy per model; the row is also the lock that makes one firing cut one batch.
CREATE TABLE batch_policy (
    model_id         text PRIMARY KEY REFERENCES model (id),
    cron             text,
    max_size         integer,
    max_wait_seconds bigint,
    next_cron_at     timestamptz,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK (cron IS NOT NULL OR max_size IS NOT NULL OR max_wait_seconds IS NOT NULL)
);

CREATE TABLE batch (
    id             uuid PRIMARY KEY,
    model_id       text        NOT NULL REFERENCES model (id),
    seq            integer     NOT NULL,
    state          text        NOT NULL,
    trigger        text        NOT NULL,
    base_version   integer     NOT NULL,
    edit_count     integer     NOT NULL,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    new_version    integer,
    failure_kind   text,
    failure_reason text,
    report         jsonb,
    UNIQUE (model_id, seq)
);

CREATE TABLE edit_request (
    id              uuid PRIMARY KEY,
    model_id        text        NOT NULL REFERENCES model (id),
    subject         text        NOT NULL,
    prompt          text        NOT NULL,
    target_new      text        NOT NULL,
    target_true     text,
    rationale       text        NOT NULL,
    evidence_links  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    proposer        text        NOT NULL,
    state           text        NOT NULL,
    -- normalised subject / prompt / target, so conflicts ignore case and spacing
    subject_key     text        NOT NULL,
    prompt_key      text        NOT NULL,
    target_key      text        NOT NULL,
    idempotency_key text,
    fingerprint     text        NOT NULL,
    approver        text,
    approved_at     timestamptz,
    batch_id        uuid REFERENCES batch (id),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT edit_request_idempotency UNIQUE (proposer, idempotency_key)
);
CREATE INDEX edit_request_model_state ON edit_request (model_id, state, approved_at);
CREATE INDEX edit_request_relation ON edit_request (model_id, subject_key, prompt_key);
CREATE INDEX edit_request_proposer ON edit_request (proposer);
CREATE INDEX edit_request_created ON edit_request (created_at DESC, id);
CREATE INDEX edit_request_batch ON edit_request (batch_id);

CREATE TABLE edit_state_change (
    id         bigserial PRIMARY KEY,
    edit_id    uuid        NOT NULL REFERENCES edit_request (id),
    from_state text,
    to_state   text        NOT NULL,
    actor      text        NOT NULL,
    comment    text,
    at         timestamptz NOT NULL
);
CREATE INDEX edit_state_change_edit ON edit_state_change (edit_id, id);

-- Stored both ways round, so each edit finds its conflicts with one lookup.
CREATE TABLE edit_conflict (
    edit_id       uuid        NOT NULL REFERENCES edit_request (id),
    other_edit_id uuid        NOT NULL REFERENCES edit_request (id),
    detected_at   timestamptz NOT NULL,
    PRIMARY KEY (edit_id, other_edit_id)
);

CREATE TABLE model_rollback (
    id             uuid PRIMARY KEY,
    model_id       text        NOT NULL REFERENCES model (id),
    from_version   integer     NOT NULL,
    target_version integer     NOT NULL,
    reason         text        NOT NULL,
    requested_by   text        NOT NULL,
    requested_at   timestamptz NOT NULL,
    event_id       uuid        NOT NULL
);
CREATE INDEX model_rollback_model ON model_rollback (model_id, requested_at);

-- Transactional outbox: the event document exactly as it will be published (validated when written).
CREATE TABLE outbox_event (
    id          bigserial PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    event_type  text        NOT NULL,
    document    text        NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

-- Events consumed from Kafka, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL
);
