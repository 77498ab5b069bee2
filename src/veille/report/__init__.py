"""Reports written as self-contained, offline HTML (and Markdown for briefings)."""
