"""coopmodel.decisions (see ARCHITECTURE.md)."""
