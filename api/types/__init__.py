"""GraphQL types, one per module, each a thin wrapper of a domain object from queries/."""
