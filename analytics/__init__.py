"""What the pages share: the database connection, queries, charts, maps, filters and formatting."""
