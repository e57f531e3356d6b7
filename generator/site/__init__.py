"""Phase 5: the pages, exports, calendar feeds and search index of the site."""
