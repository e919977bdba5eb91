"""Alembic environment: migrations always run on a connection the app passes in."""

from alembic import context

from changeplanner.store.tables import SQLModel

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
