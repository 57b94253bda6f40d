"""The GraphQL schema, assembled from the types under api/types/."""

from __future__ import annotations

import strawberry
from strawberry.fastapi import GraphQLRouter

from api.context import Context, get_context
from queries.system import components


@strawberry.type
class Query:
    """Root query type."""

    @strawberry.field(description="Version and edition of the Neo4j that answers.")
    def database_version(self, info: strawberry.Info[Context, None]) -> str:
        kernel = components(driver=info.context.driver, database=info.context.database)
        return f"{kernel.name} {kernel.version} {kernel.edition}"


schema = strawberry.Schema(query=Query)


def graphql_router() -> GraphQLRouter[Context, None]:
    """Returns the /graphql router with GraphiQL for browsers."""
    return GraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql")
