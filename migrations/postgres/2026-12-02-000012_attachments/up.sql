-- Evidence files (PDF, Office documents, images), stored in the database so that every instance
-- and every backup has them. Contents are addressed by their SHA-256: the same file uploaded twice
-- is stored once; each upload is its own attachment (name, agency, uploader).
CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,
    size BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    content BYTEA NOT NULL
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blobs (sha256),
    filename TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    uploaded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX attachments_agency ON attachments (agency_id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- What evidence is attached to: a progress report, a figure, a completion proposal, … (the
-- subject's kind and id), in the order given.
CREATE TABLE evidence_links (
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL REFERENCES attachments (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (subject_type, subject_id, attachment_id)
);

CREATE INDEX evidence_links_attachment ON evidence_links (attachment_id);
