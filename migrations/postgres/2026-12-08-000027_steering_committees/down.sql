DROP TABLE resolution_committee_members;
DROP TABLE resolution_committees;
