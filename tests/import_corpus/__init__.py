"""Generators of DOCX files that cchc did not write, from the example plans' content (issue 14)."""
