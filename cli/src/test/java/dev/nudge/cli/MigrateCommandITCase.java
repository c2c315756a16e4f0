package dev.nudge.cli;

import dev.nudge.devstack.clickhouse.ClickHouseCluster;
import dev.nudge.devstack.clickhouse.ClickHouseServer;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.clickhouse.ClickHouseHttp;
import dev.nudge.platform.clickhouse.ClickHouseLogin;
import dev.nudge.platform.clickhouse.Migrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nudge migrate} against real ClickHouse 18.16 servers whose user needs a password: its help, its one-line
 * errors, a run that applies the schema and one that finds nothing new, and a second run started while the first is
 * applying, which must refuse in one line and change nothing, on one server and across the servers of a cluster.
 */
class MigrateCommandITCase {

    private static final String SQL = Path.of(System.getProperty("nudge.root"), "sql").toString();
    private static final ClickHouseLogin ADMIN = new ClickHouseLogin("admin", "migrations-s3cret", null);

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void helpNamesEveryOptionAndBadArgumentsGetOneLineAndExitCode2() {
        Run help = migrate("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--url", "--cluster", "--user", "--password", "--ca-certificate", "--unlock",
                "NUDGE_CLICKHOUSE_PASSWORD");

        for (String[] bad : List.of(new String[] {"--no-such-option"}, new String[] {"--url", "ftp://clickhouse"},
                new String[] {"--cluster", "two words"}, new String[] {"--ca-certificate", "/no/such.pem"},
                new String[] {"--url", "http://127.0.0.1:1"})) {
            Run run = migrate(bad);
            assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(CommandLines.USER_ERROR);
            assertThat(run.err().lines()).as(String.join(" ", bad)).hasSize(1).allMatch(l -> l.startsWith("error: "));
        }
    }

    @Test
    void oneServerWithAPasswordAppliesOnceRefusesASecondRunMeanwhileAndThenHasNothingNew() {
        try (ClickHouseServer server = ClickHouseServer.startWithUser(ADMIN.user(), ADMIN.password())) {
            String url = server.httpUrl();
            Run wrongPassword = migrate("--url", url, "--user", ADMIN.user(), "--password", "wrong", "--sql", SQL);
            assertThat(wrongPassword.exitCode()).isEqualTo(CommandLines.USER_ERROR);
            assertThat(wrongPassword.err().lines()).hasSize(1).first().asString()
                    .startsWith("error: ClickHouse refused the login of user admin");

            assertASecondRunMeanwhileRefusesAndTheNextFindsNothingNew(url, url, null);
            assertThat(server.query("SELECT engine FROM system.tables WHERE database = 'nudge' AND name = 'messages'"))
                    .isEqualTo("ReplacingMergeTree\n");

            // A run killed while it held the lock: the lock stays until someone releases it.
            server.execute("CREATE TABLE nudge.schema_migrations_lock (holder String DEFAULT 'ci@gone pid 7') ENGINE = Log");
            Run blocked = migrate(withLogin(url, List.of()));
            assertThat(blocked.exitCode()).isEqualTo(MigrateCommand.LOCKED_OR_FAILED);
            assertThat(blocked.err()).contains("ci@gone pid 7");
            assertThat(migrate(withLogin(url, List.of("--unlock"))).out()).startsWith("released the migration lock");
            assertThat(migrate(withLogin(url, List.of())).out()).isEqualTo("ClickHouse schema is up to date\n");
        }
    }

    @Test
    void aClusterTakesTheClusterFormAndOneRunAtATimeWhicheverServerEachTalksTo() {
        try (ClickHouseCluster cluster = ClickHouseCluster.start("nudge", 2, ADMIN.user(), ADMIN.password())) {
            String first = cluster.shards().get(0).httpUrl();
            String second = cluster.shards().get(1).httpUrl();

            assertASecondRunMeanwhileRefusesAndTheNextFindsNothingNew(first, second, cluster.name());
            for (ClickHouseServer shard : cluster.shards()) {
                assertThat(shard.query("SELECT name, engine FROM system.tables WHERE database = 'nudge' "
                        + "AND name LIKE 'messages%' ORDER BY name"))
                        .isEqualTo("messages\tDistributed\nmessages_local\tReplicatedReplacingMergeTree\n");
            }
        }
    }

    /**
     * A run through {@code firstUrl} that, once it has applied its first migration, waits while {@code migrate}
     * runs through {@code secondUrl}; that one must refuse in one line. Then a third run finds nothing new.
     */
    private static void assertASecondRunMeanwhileRefusesAndTheNextFindsNothingNew(String firstUrl, String secondUrl,
                                                                                 String cluster) {
        List<String> clusterOption = cluster == null ? List.of() : List.of("--cluster", cluster);
        List<Run> meanwhile = new ArrayList<>();
        List<Migrations.Migration> applied = Migrations.apply(new ClickHouseHttp(firstUrl, ADMIN), Path.of(SQL),
                cluster, migration -> {
                    if (meanwhile.isEmpty()) {
                        meanwhile.add(migrate(withLogin(secondUrl, clusterOption)));
                    }
                });
        assertThat(applied).extracting(Migrations.Migration::name).contains("001_database.sql", "003_facts.sql");
        Run refused = meanwhile.get(0);
        assertThat(refused.exitCode()).isEqualTo(MigrateCommand.LOCKED_OR_FAILED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines()).hasSize(1).first().asString()
                .startsWith("error: another migration run holds the lock")
                .contains("since", "./nudge migrate --unlock");

        Run again = migrate(withLogin(secondUrl, clusterOption));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("ClickHouse schema is up to date\n");
    }

    private static String[] withLogin(String url, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--url", url, "--user", ADMIN.user(), "--password",
                ADMIN.password(), "--sql", SQL));
        args.addAll(more);
        return args.toArray(String[]::new);
    }

    private static Run migrate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "migrate";
        System.arraycopy(args, 0, command, 1, args.length);
        int exitCode = NudgeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), command);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
