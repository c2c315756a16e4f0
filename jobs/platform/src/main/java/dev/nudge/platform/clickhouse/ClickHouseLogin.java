package dev.nudge.platform.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Who a Nudge component is to ClickHouse and whom it trusts: user, password and, for a TLS endpoint
 * ({@code https://}, {@code jdbc:clickhouse:https://}), the CA certificate (PEM) that signed the server's
 * certificate; without one, the JVM's default trust store decides. Given as flags or as the environment variables
 * {@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE} and {@value #CA_CERTIFICATE_VARIABLE}.
 *
 * @param caCertificate path of the CA certificate file, or null
 */
public record ClickHouseLogin(String user, String password, String caCertificate) implements Serializable {

    public static final String USER_VARIABLE = "NUDGE_CLICKHOUSE_USER";
    public static final String PASSWORD_VARIABLE = "NUDGE_CLICKHOUSE_PASSWORD";
    public static final String CA_CERTIFICATE_VARIABLE = "NUDGE_CLICKHOUSE_CA_CERTIFICATE";
    /** ClickHouse's own default: the passwordless {@code default} user. */
    public static final ClickHouseLogin DEFAULT = new ClickHouseLogin("default", "", null);

    public ClickHouseLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** From {@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE} and {@value #CA_CERTIFICATE_VARIABLE}. */
    public static ClickHouseLogin fromEnvironment(Map<String, String> environment) {
        return new ClickHouseLogin(environment.getOrDefault(USER_VARIABLE, DEFAULT.user()),
                environment.getOrDefault(PASSWORD_VARIABLE, DEFAULT.password()),
                environment.get(CA_CERTIFICATE_VARIABLE));
    }

    /** Flags win over the environment: a non-null flag replaces the value this login has. */
    public ClickHouseLogin overriddenBy(String userFlag, String passwordFlag, String caCertificateFlag) {
        return new ClickHouseLogin(userFlag != null ? userFlag : user, passwordFlag != null ? passwordFlag : password,
                caCertificateFlag != null ? caCertificateFlag : caCertificate);
    }

    /** The connection properties of clickhouse-jdbc: {@code user}, {@code password} and {@code sslrootcert}. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        if (caCertificate != null) {
            properties.setProperty("sslrootcert", caCertificate);
        }
        return properties;
    }

    /** TLS for the HTTP interface: trusts {@link #caCertificate()} if given, else the JVM's defaults. */
    public SSLContext sslContext() {
        try {
            if (caCertificate == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream pem = Files.newInputStream(Path.of(caCertificate))) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ClickHouse CA certificate " + caCertificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a usable CA certificate: " + caCertificate + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // The password is a secret: never in logs.
        return "ClickHouseLogin[user=" + user + ", password=" + (password.isEmpty() ? "none" : "***")
                + ", caCertificate=" + caCertificate + "]";
    }
}
