# fixtures: a throwaway PostgreSQL server, a database on it, and `database` (SQLite, then PostgreSQL)
from tests.postgres_server import database, database_url, postgres  # noqa: F401
