DROP TABLE attachments;
DROP TABLE attachment_blobs;
