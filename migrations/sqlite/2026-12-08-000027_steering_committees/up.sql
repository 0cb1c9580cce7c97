-- Steering committees (Ban chỉ đạo): a resolution may have member agencies, which see the whole
-- resolution read-only, and one standing agency (cơ quan thường trực), which acts as the owner.
-- A row in resolution_committees exists once the committee was set (it carries the standing
-- agency, possibly none); members are listed in resolution_committee_members.
CREATE TABLE resolution_committees (
    resolution_id TEXT PRIMARY KEY REFERENCES resolutions(id),
    standing_agency_id TEXT REFERENCES agencies(id),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resolution_committees_standing ON resolution_committees (standing_agency_id);

CREATE TABLE resolution_committee_members (
    resolution_id TEXT NOT NULL REFERENCES resolutions(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (resolution_id, agency_id)
);
CREATE INDEX resolution_committee_members_agency ON resolution_committee_members (agency_id);
