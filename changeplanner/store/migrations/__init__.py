"""Alembic migrations of the plan file schema."""
