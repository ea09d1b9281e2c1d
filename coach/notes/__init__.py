"""Notes in: parsing the Markdown files and pasted text that managers already write."""
