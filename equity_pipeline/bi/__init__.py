"""BI tools reading the publication: the Superset dashboard shipped as code (bi/superset/)."""
