"""Check a project's workbook or CSV folder against the contract and load it into DuckDB."""
