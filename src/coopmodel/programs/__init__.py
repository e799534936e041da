"""coopmodel.programs (see ARCHITECTURE.md)."""
