DROP TABLE leases;
DROP TABLE alerts;
