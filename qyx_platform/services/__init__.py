"""Use cases shared by the GraphQL API, the CLI and the Python API."""
