DROP INDEX agency_versions_parent;
