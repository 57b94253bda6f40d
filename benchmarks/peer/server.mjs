// The peer: @neo4j/graphql serving the type definitions benchmarks/peer/type_defs.py wrote, over
// the same Neo4j as covergraph, read-only and without authentication, on 127.0.0.1 only.
//
// node benchmarks/peer/server.mjs TYPE_DEFS_FILE [PORT]
// Neo4j from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE (default neo4j);
// the port from the argument or PEER_PORT. Prints "listening PORT" once it serves.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createHandler } from "graphql-http/lib/use/http";
import neo4j from "neo4j-driver";

const [typeDefsFile, portArgument] = process.argv.slice(2);
const port = Number(portArgument ?? process.env.PEER_PORT);
if (!typeDefsFile || !Number.isInteger(port)) {
  console.error("usage: node server.mjs TYPE_DEFS_FILE PORT (or PEER_PORT)");
  process.exit(2);
}
for (const name of ["NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"]) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
}

// The JavaScript driver leaves Nagle's algorithm on, so a query whose request spans two writes
// waits for the server's delayed ACK: about 40 ms each on this machine, against 4 ms without.
// covergraph's Python driver sets TCP_NODELAY; the peer gets the same, so that the comparison
// measures the two servers rather than a socket option.
const connect = net.connect;
net.connect = (...args) => connect(...args).setNoDelay(true);

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD),
);
const database = process.env.NEO4J_DATABASE || "neo4j";
const library = new Neo4jGraphQL({ typeDefs: readFileSync(typeDefsFile, "utf8"), driver });
const schema = await library.getSchema();

// A fresh context per request: the library keeps per-request state in it.
const graphql = createHandler({
  schema,
  context: () => ({ sessionConfig: { database } }),
});
const server = http.createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200).end("ok");
  } else if (request.url.startsWith("/graphql")) {
    graphql(request, response);
  } else {
    response.writeHead(404).end();
  }
});

function stop() {
  server.close();
  driver.close().finally(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
