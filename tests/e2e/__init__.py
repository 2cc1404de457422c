"""Browser tests: the app in Debian's Chromium through Playwright."""
