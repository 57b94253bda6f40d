package covergraph.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community as an embedded DBMS that serves Bolt on 127.0.0.1 only.
 *
 * <p>Usage: {@code Server HOME_DIR PORT PASSWORD_FILE PAGE_CACHE_MB TX_MEMORY_MB}. The password
 * file is written by the covergraph CLI (readable by its owner only); it is applied to the
 * {@code neo4j} user at every start so the file stays the single source of truth.
 */
public final class Server {
    private static final String READY_LINE = "covergraph-neo4j ready";

    private Server() {}

    /** Sets the neo4j user's password to the file's; an unchanged password is already right. */
    private static void applyPassword(DatabaseManagementService dbms, String password) {
        // Embedded transactions run with full rights, so the password can be set without logging in.
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException error) {
            if (!error.getMessage().contains("cannot be the same")) {
                throw error;
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: Server HOME_DIR PORT PASSWORD_FILE PAGE_CACHE_MB TX_MEMORY_MB");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        long pageCacheMb = Long.parseLong(args[3]);
        long txMemoryMb = Long.parseLong(args[4]);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                // Imports commit in one transaction (all or nothing); keep its state off the heap.
                .setConfig(GraphDatabaseSettings.tx_state_memory_allocation,
                        GraphDatabaseSettings.TransactionStateMemoryAllocation.valueOf(
                                System.getProperty("covergraph.txstate", "OFF_HEAP")))
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory,
                        ByteUnit.mebiBytes(txMemoryMb))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        ByteUnit.mebiBytes(txMemoryMb))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "covergraph-shutdown"));

        applyPassword(dbms, password);
        System.out.println(READY_LINE + " bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
