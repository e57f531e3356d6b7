"""Phase 6: write the site into its folder safely, and report progress on long work."""
