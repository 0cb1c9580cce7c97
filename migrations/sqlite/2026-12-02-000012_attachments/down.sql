DROP TABLE evidence_links;
DROP TABLE attachments;
DROP TABLE attachment_blobs;
