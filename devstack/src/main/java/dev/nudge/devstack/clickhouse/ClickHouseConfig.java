package dev.nudge.devstack.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lays out a private server's folder: config.xml and users.xml from the bundled templates, and the folders they name. */
final class ClickHouseConfig {

    private static final List<String> FOLDERS = List.of("data", "tmp", "user_files", "format_schemas", "log");
    private static final int LOG_TAIL_LINES = 40;

    private ClickHouseConfig() {
    }

    static Path configFile(Path directory) {
        return directory.resolve("config.xml");
    }

    /** stdout and stderr of the server process; early start-up errors land here before its own log opens. */
    static Path consoleLog(Path directory) {
        return directory.resolve("log/console.log");
    }

    /**
     * What a server adds to the bundled templates: elements of config.xml (a cluster member's shards, ZooKeeper and
     * macros, a TLS listener), settings of the default profile, and users with a password.
     *
     * @param httpsPort the TLS listener's port, 0 for none
     */
    record Additions(String config, String profileSettings, String users, int httpsPort) {

        static final Additions NONE = new Additions("", "", "", 0);

        /** A user reachable from loopback with this password (plaintext: these servers are private test servers). */
        Additions withUser(String name, String password) {
            return new Additions(config, profileSettings, users + "        <" + name + ">\n"
                    + "            <password>" + xmlEscape(password) + "</password>\n"
                    + "            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n"
                    + "            <profile>default</profile>\n"
                    + "            <quota>default</quota>\n"
                    + "        </" + name + ">\n", httpsPort);
        }

        /** An HTTPS listener on {@code port} with this certificate and key (PEM files). */
        Additions withTls(int port, Path certificate, Path privateKey) {
            return new Additions(config + "    <https_port>" + port + "</https_port>\n"
                    + "    <openSSL><server>\n"
                    + "        <certificateFile>" + xmlEscape(certificate.toAbsolutePath().toString()) + "</certificateFile>\n"
                    + "        <privateKeyFile>" + xmlEscape(privateKey.toAbsolutePath().toString()) + "</privateKeyFile>\n"
                    + "        <verificationMode>none</verificationMode><loadDefaultCAFile>false</loadDefaultCAFile>\n"
                    + "    </server></openSSL>\n", profileSettings, users, port);
        }
    }

    static void write(Path directory, int httpPort, int tcpPort, int interserverPort, Additions additions) {
        try {
            for (String folder : FOLDERS) {
                Files.createDirectories(directory.resolve(folder));
            }
            String config = template("config.xml")
                    .replace("@DIR@", xmlEscape(directory.toAbsolutePath().toString()))
                    .replace("@HTTP_PORT@", Integer.toString(httpPort))
                    .replace("@TCP_PORT@", Integer.toString(tcpPort))
                    .replace("@INTERSERVER_PORT@", Integer.toString(interserverPort))
                    .replace("@EXTRA_CONFIG@", additions.config());
            Files.writeString(configFile(directory), config);
            // config.xml names users.xml relative to itself.
            Files.writeString(directory.resolve("users.xml"), template("users.xml")
                    .replace("@PROFILE_SETTINGS@", additions.profileSettings())
                    .replace("@USERS@", additions.users()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write ClickHouse config into " + directory, e);
        }
    }

    /** The last lines of the console output and of the server's error log, for failure messages. */
    static String logTail(Path directory) {
        return tail(consoleLog(directory)) + tail(directory.resolve("log/clickhouse-server.err.log"));
    }

    private static String tail(Path file) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "--- " + file + "\n" + String.join("\n", last) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "--- " + file + " unreadable: " + e.getMessage() + "\n";
        }
    }

    private static String template(String name) throws IOException {
        try (InputStream in = ClickHouseConfig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Missing resource " + name + " next to " + ClickHouseConfig.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
