package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import dev.nudge.simulator.ResponseParameters;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The demo's options, read twice with this one class: by {@code ./nudge demo} here, which answers {@code --help} and
 * refuses bad values before building anything, and by the demo's own JVM ({@code dev.nudge.demo.DemoMain}).
 * ClickHouse listens on 18123 (HTTP) and 19000 (TCP), clear of a system clickhouse-server, with its data in
 * {@code .nudge/clickhouse}, so {@code deploy/clickhouse.sh} and the notebooks find it afterwards.
 */
public final class DemoOptions {

    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern MESSAGING_SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");

    @Option(names = "--customers", paramLabel = "N", defaultValue = "2000", description = "customers of the simulated roaster; default ${DEFAULT-VALUE}")
    private int customers;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "simulated days; default ${DEFAULT-VALUE}")
    private int days;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the simulation's seed; default ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--clickhouse-http-port", paramLabel = "PORT", defaultValue = "${env:NUDGE_CH_HTTP_PORT:-18123}",
            description = "ClickHouse's HTTP port (env NUDGE_CH_HTTP_PORT); default ${DEFAULT-VALUE}")
    private int clickHouseHttpPort;

    @Option(names = "--clickhouse-tcp-port", paramLabel = "PORT", defaultValue = "${env:NUDGE_CH_TCP_PORT:-19000}",
            description = "ClickHouse's native port (env NUDGE_CH_TCP_PORT); default ${DEFAULT-VALUE}")
    private int clickHouseTcpPort;

    @Option(names = "--clickhouse-dir", paramLabel = "DIR", defaultValue = ".nudge/clickhouse",
            description = "ClickHouse's data, relative to the repository; default ${DEFAULT-VALUE}")
    private String clickHouseDirectory;

    @Option(names = "--sequences", defaultValue = "sequences", paramLabel = "DIR",
            description = "the folder whose definitions are published, e.g. demo/bandit; default ${DEFAULT-VALUE}")
    private String sequencesDirectory;

    @Option(names = "--cluster", description = "run the jobs as job jars on a standalone Flink cluster of three JVMs "
            + "(deploy/flink-cluster.sh) instead of a MiniCluster")
    private boolean cluster;

    @Option(names = "--best-variant-lift", paramLabel = "X",
            description = "how many times as often the simulator's best variant converts as the others; default "
                    + "the response model's (1.5)")
    private Double bestVariantLift;

    @Option(names = "--twilio-account-sid", paramLabel = "SID", defaultValue = "${env:TWILIO_ACCOUNT_SID}",
            description = "with --to: your Twilio account (env TWILIO_ACCOUNT_SID)")
    private String twilioAccountSid;

    @Option(names = "--twilio-auth-token", paramLabel = "TOKEN", defaultValue = "${env:TWILIO_AUTH_TOKEN}",
            description = "with --to: its auth token (env TWILIO_AUTH_TOKEN)")
    private String twilioAuthToken;

    @Option(names = "--from", paramLabel = "SENDER",
            description = "with --to: the sender, a number of the account (+15550001111) or a Messaging Service (MG...)")
    private String from;

    @Option(names = "--to", paramLabel = "PHONE", description = "sends the demo's texts through real Twilio, only to "
            + "these numbers (repeat it for several, e.g. --to +15550002222)")
    private List<String> to = new ArrayList<>();

    @Option(names = "--twilio-base-url", paramLabel = "URL", description = "with --to: a Twilio-compatible server "
            + "instead of api.twilio.com (the demo's own test uses one)")
    private URI twilioBaseUrl;

    /** Real Twilio for the demo's texts: the account, the sender, and the only numbers it may text. */
    public record RealTwilio(String accountSid, String authToken, String from, List<String> to, URI baseUrl) {

        @Override
        public String toString() {
            // The token is a secret: never printed.
            return "RealTwilio[accountSid=" + accountSid + ", from=" + from + ", to=" + to
                    + (baseUrl == null ? "" : ", baseUrl=" + baseUrl) + "]";
        }
    }

    /**
     * Refuses what the demo cannot run with. Real Twilio is asked for by {@code --to} alone (an account in the
     * environment never texts anyone by itself); then the account, the token and the sender are required.
     */
    public DemoOptions validate() {
        if (customers < 1 || days < 1) {
            throw new UserError("--customers and --days must be at least 1");
        }
        if (bestVariantLift != null && bestVariantLift < 0) {
            throw new UserError("--best-variant-lift must not be negative, not " + bestVariantLift);
        }
        if (to.isEmpty()) {
            if (from != null || twilioBaseUrl != null) {
                throw new UserError("--from and --twilio-base-url need --to: the demo texts real phones only on the --to "
                        + "allowlist");
            }
            return this;
        }
        to.stream().filter(number -> !PHONE.matcher(number).matches()).findFirst().ifPresent(number -> {
            throw new UserError("--to " + number + " is not a phone number in E.164 form, e.g. +15550002222");
        });
        if (blank(twilioAccountSid) || blank(twilioAuthToken)) {
            throw new UserError("--to needs --twilio-account-sid and --twilio-auth-token (or TWILIO_ACCOUNT_SID and "
                    + "TWILIO_AUTH_TOKEN)");
        }
        if (from == null || !(PHONE.matcher(from).matches() || MESSAGING_SERVICE.matcher(from).matches())) {
            throw new UserError("--to needs --from: a number of the account (+15550001111) or a Messaging Service "
                    + "(MG...), not " + from);
        }
        return this;
    }

    public int customers() {
        return customers;
    }

    public int days() {
        return days;
    }

    public long seed() {
        return seed;
    }

    public int clickHouseHttpPort() {
        return clickHouseHttpPort;
    }

    public int clickHouseTcpPort() {
        return clickHouseTcpPort;
    }

    public String clickHouseDirectory() {
        return clickHouseDirectory;
    }

    public String sequencesDirectory() {
        return sequencesDirectory;
    }

    public boolean cluster() {
        return cluster;
    }

    /** Set only with {@code --to}; see {@link #validate()}. */
    public Optional<RealTwilio> realTwilio() {
        return to.isEmpty() ? Optional.empty()
                : Optional.of(new RealTwilio(twilioAccountSid, twilioAuthToken, from, List.copyOf(to),
                        twilioBaseUrl));
    }

    /** The simulator's response model: its defaults, with the best variant's lift this run asks for. */
    public ResponseParameters responseParameters() {
        ResponseParameters defaults = ResponseParameters.defaults();
        return bestVariantLift == null ? defaults : defaults.withBestVariant(defaults.bestVariant(), bestVariantLift);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
