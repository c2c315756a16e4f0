package dev.nudge.devstack.clickhouse;

import dev.nudge.devstack.zookeeper.ZooKeeperServerRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClickHouse cluster on this machine: an in-JVM ZooKeeper and one private {@code clickhouse-server} per shard (one
 * replica each), all on free loopback ports. Every server knows the cluster as {@link #name()} in its
 * {@code remote_servers}, has the macros {@code {shard}} ({@code 01}, {@code 02}, ...) and {@code {replica}}
 * ({@code ch1}, {@code ch2}, ..., unique in the cluster), and runs {@code ON CLUSTER} DDL from ZooKeeper.
 *
 * <p>The default profile sets what a cluster's users need (see sql/README.md): {@code distributed_product_mode =
 * global}, so a query whose {@code IN} or {@code JOIN} reads a Distributed table inside a query on another one works
 * unchanged, and {@code insert_distributed_sync = 1}, so an insert into a Distributed table returns once every shard
 * has its rows (the sink's retry is what makes writes at-least-once, so it must not be acknowledged earlier).
 */
public final class ClickHouseCluster implements AutoCloseable {

    private static final String PROFILE_SETTINGS = """
                        <distributed_product_mode>global</distributed_product_mode>
                        <insert_distributed_sync>1</insert_distributed_sync>
            """;

    private final String name;
    private final ZooKeeperServerRunner zooKeeper;
    private final List<ClickHouseServer> shards;

    private ClickHouseCluster(String name, ZooKeeperServerRunner zooKeeper, List<ClickHouseServer> shards) {
        this.name = name;
        this.zooKeeper = zooKeeper;
        this.shards = shards;
    }

    /** Starts ZooKeeper and {@code shardCount} servers, each with the extra users given as name, password pairs. */
    public static ClickHouseCluster start(String name, int shardCount, String... usersAndPasswords) {
        ClickHouseServer.requireBinary();
        ZooKeeperServerRunner zooKeeper = ZooKeeperServerRunner.start();
        try {
            List<ClickHouseServer> shards = ClickHouseServer.retryingOnPortClash(
                    () -> startShards(name, shardCount, zooKeeper, usersAndPasswords));
            return new ClickHouseCluster(name, zooKeeper, shards);
        } catch (RuntimeException e) {
            zooKeeper.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The servers, shard 1 first. */
    public List<ClickHouseServer> shards() {
        return shards;
    }

    public ZooKeeperServerRunner zooKeeper() {
        return zooKeeper;
    }

    @Override
    public void close() {
        shards.forEach(ClickHouseServer::close);
        zooKeeper.close();
    }

    private static List<ClickHouseServer> startShards(String name, int shardCount, ZooKeeperServerRunner zooKeeper,
                                                      String... usersAndPasswords) {
        // Every server's remote_servers names every shard's TCP port, so all ports are chosen before any starts.
        int[] ports = ClickHouseServer.freePorts(3 * shardCount);
        StringBuilder remoteServers = new StringBuilder("    <remote_servers>\n        <" + name + ">\n");
        for (int shard = 0; shard < shardCount; shard++) {
            remoteServers.append("            <shard><internal_replication>true</internal_replication>"
                    + "<replica><host>127.0.0.1</host><port>").append(ports[3 * shard + 1])
                    .append("</port></replica></shard>\n");
        }
        remoteServers.append("        </").append(name).append(">\n    </remote_servers>\n")
                .append("    <zookeeper><node><host>").append(zooKeeper.host()).append("</host><port>")
                .append(zooKeeper.port()).append("</port></node></zookeeper>\n")
                .append("    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n");
        List<ClickHouseServer> started = new ArrayList<>();
        try {
            for (int shard = 0; shard < shardCount; shard++) {
                String macros = String.format("    <macros><shard>%02d</shard><replica>ch%d</replica></macros>%n",
                        shard + 1, shard + 1);
                ClickHouseConfig.Additions additions = new ClickHouseConfig.Additions(
                        remoteServers + macros, PROFILE_SETTINGS, "", 0);
                for (int i = 0; i + 1 < usersAndPasswords.length; i += 2) {
                    additions = additions.withUser(usersAndPasswords[i], usersAndPasswords[i + 1]);
                }
                started.add(ClickHouseServer.launchTemporary(ports[3 * shard], ports[3 * shard + 1],
                        ports[3 * shard + 2], additions));
            }
            return List.copyOf(started);
        } catch (RuntimeException e) {
            started.forEach(ClickHouseServer::close);
            throw e;
        }
    }
}
