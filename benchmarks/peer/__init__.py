"""The peer the benchmarks compare covergraph with: @neo4j/graphql over the same Neo4j."""
