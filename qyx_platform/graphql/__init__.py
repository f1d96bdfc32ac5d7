"""GraphQL: strawberry types for the core, schema assembly from the plugins, permissions."""
