"""coopmodel.parameters (see ARCHITECTURE.md)."""
