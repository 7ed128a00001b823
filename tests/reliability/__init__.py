"""Reliability and security tests (issue 7). A package, so module names cannot clash."""
