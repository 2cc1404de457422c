"""Maintenance commands and the browser helpers the end-to-end tests and screenshots share."""
