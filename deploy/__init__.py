"""Hosting: several app processes behind nginx, run by supervisor (deploy/README.md)."""
