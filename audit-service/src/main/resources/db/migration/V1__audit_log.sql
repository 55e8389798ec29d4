-- The audit log: one row per leaf of the Merkle tree, never updated or deleted by the service.
-- entry_json is the exact canonical (RFC 8785) JSON whose leaf hash is SHA-256(0x00 || entry_json);
-- the other columns are copies of its fields for queries. signature is the log key's Ed25519
-- signature over {"format":"editgov-log-entry-v1","index":idx,"leafHash":hex}, which ties an entry
-- to its position so that an altered, moved or missing row is named by the verifier.
create table log_entry (
    idx             bigint primary key check (idx >= 0),
    event_id        uuid not null unique,
    event_type      text not null,
    model_id        text not null,
    model_version   integer,
    batch_id        text,
    edit_ids        text[] not null default '{}',
    actor_id        text not null,
    actor_kind      text not null,
    occurred_at     timestamptz not null,
    delta_sha256    text check (delta_sha256 ~ '^[0-9a-f]{64}$'),
    delta_size      bigint,
    entry_json      text not null,
    leaf_hash       bytea not null check (octet_length(leaf_hash) = 32),
    signature       bytea not null,
    appended_at     timestamptz not null default now()
);
create index log_entry_model_time on log_entry (model_id, occurred_at);
create index log_entry_actor_time on log_entry (actor_id, occurred_at);
create index log_entry_time on log_entry (occurred_at);
create index log_entry_batch on log_entry (batch_id);
create index log_entry_edits on log_entry using gin (edit_ids);

-- Signed tree heads, one per append batch. timestamp_text is Instant.toString() exactly as signed.
create table tree_head (
    tree_size       bigint primary key check (tree_size >= 0),
    root_hash       bytea not null check (octet_length(root_hash) = 32),
    timestamp_text  text not null,
    key_id          text not null,
    signature       bytea not null,
    signed_at       timestamptz not null default now()
);

-- Records that were consumed but are not valid events: kept, not silently dropped, for an operator.
create table rejected_record (
    id              bigserial primary key,
    topic           text not null,
    kafka_partition integer not null,
    kafka_offset    bigint not null,
    reason          text not null,
    raw_value       text,
    received_at     timestamptz not null default now(),
    unique (topic, kafka_partition, kafka_offset)
);
