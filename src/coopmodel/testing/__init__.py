"""coopmodel.testing (see ARCHITECTURE.md)."""
