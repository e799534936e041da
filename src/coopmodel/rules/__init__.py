"""coopmodel.rules (see ARCHITECTURE.md)."""
