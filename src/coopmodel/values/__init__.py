"""coopmodel.values (see ARCHITECTURE.md)."""
