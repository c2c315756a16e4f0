package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import dev.nudge.platform.clickhouse.ClickHouseHttp;
import dev.nudge.platform.clickhouse.ClickHouseLogin;
import dev.nudge.platform.clickhouse.Migrations;
import dev.nudge.platform.clickhouse.Migrations.Migration;
import dev.nudge.platform.clickhouse.Migrations.MigrationsLockedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Applies the ClickHouse schema (sql/NNN_*.sql) to one server or, with {@code --cluster}, in its cluster form to
 * every server of a cluster ({@link Migrations}). Exit codes: 0 applied or up to date, 1 another run holds the lock
 * or a migration failed, 2 a user error (bad option, unreachable server, wrong password).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the ClickHouse schema's pending migrations, once each, one run at a time.",
        footer = {"", "Environment: NUDGE_CLICKHOUSE_URL, NUDGE_CLICKHOUSE_CLUSTER, " + ClickHouseLogin.USER_VARIABLE
                + ", " + ClickHouseLogin.PASSWORD_VARIABLE + " (rather than --password, which other users can see "
                + "in the process list), " + ClickHouseLogin.CA_CERTIFICATE_VARIABLE + "; a flag wins."})
final class MigrateCommand implements Callable<Integer> {

    static final int LOCKED_OR_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = {"--url", "--clickhouse-url"}, defaultValue = "${env:NUDGE_CLICKHOUSE_URL:-http://127.0.0.1:18123}",
            description = "ClickHouse's HTTP interface, https:// for TLS; default ${DEFAULT-VALUE}")
    private String url;

    @Option(names = "--cluster", defaultValue = "${env:NUDGE_CLICKHOUSE_CLUSTER}",
            description = "apply the cluster form on this cluster of the server's remote_servers (replicated tables "
                    + "and Distributed tables over them; see sql/README.md); default: one server")
    private String cluster;

    @Option(names = "--user", description = "default: $" + ClickHouseLogin.USER_VARIABLE + ", else default")
    private String user;

    @Option(names = "--password", description = "default: $" + ClickHouseLogin.PASSWORD_VARIABLE + ", else none")
    private String password;

    @Option(names = "--ca-certificate", description = "PEM file of the CA that signed the server's TLS certificate; "
            + "default: $" + ClickHouseLogin.CA_CERTIFICATE_VARIABLE + ", else the JVM's trusted CAs")
    private Path caCertificate;

    @Option(names = "--sql", defaultValue = "sql", description = "the migrations folder; default ${DEFAULT-VALUE}")
    private Path sqlFolder;

    @Option(names = "--unlock", description = "release the lock a killed run left behind, and apply nothing")
    private boolean unlock;

    @Override
    public Integer call() {
        if (cluster != null && !cluster.matches("\\w+")) {
            throw new UserError("--cluster is a name of letters, digits and _, got " + cluster);
        }
        if (!url.matches("https?://.+")) {
            throw new UserError("--url is ClickHouse's HTTP interface, http://host:8123 or https://host:8443, got " + url);
        }
        if (caCertificate != null && !Files.isReadable(caCertificate)) {
            throw new UserError("cannot read --ca-certificate " + caCertificate);
        }
        ClickHouseLogin login = ClickHouseLogin.fromEnvironment(System.getenv()).overriddenBy(user, password,
                caCertificate == null ? null : caCertificate.toString());
        ClickHouseHttp clickHouse = new ClickHouseHttp(url, login);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (unlock) {
                Migrations.unlock(clickHouse, cluster);
                out.println("released the migration lock on " + url);
                return 0;
            }
            if (!Files.isDirectory(sqlFolder)) {
                throw new UserError("no migrations folder " + sqlFolder + " (run from the repository root, or give --sql)");
            }
            List<Migration> applied = Migrations.apply(clickHouse, sqlFolder, cluster,
                    migration -> out.println("applied " + migration.name()));
            out.println(applied.isEmpty() ? "ClickHouse schema is up to date" : "applied " + applied.size()
                    + " migration(s)" + (cluster == null ? "" : " on cluster " + cluster));
            return 0;
        } catch (MigrationsLockedException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return LOCKED_OR_FAILED;
        } catch (UncheckedIOException e) {
            throw new UserError("ClickHouse at " + url + " does not answer: " + e.getCause());
        } catch (IllegalStateException e) {
            String answer = e.getMessage();
            if (answer.contains("Code: 170") || answer.contains("Code: 701")) {
                throw new UserError("the server knows no cluster " + cluster + " (see its remote_servers)");
            }
            if (answer.startsWith("ClickHouse answered HTTP 516") || answer.contains("Code: 193")
                    || answer.contains("Code: 516")) {
                throw new UserError("ClickHouse refused the login of user " + login.user() + ": check --user and "
                        + "--password (or " + ClickHouseLogin.PASSWORD_VARIABLE + ")");
            }
            // A migration that failed: which one, on what statement, and ClickHouse's answer; no stack trace.
            spec.commandLine().getErr().println("error: " + answer);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                spec.commandLine().getErr().println("  " + cause.getMessage());
            }
            return LOCKED_OR_FAILED;
        }
    }
}
