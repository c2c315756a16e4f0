package dev.nudge.platform.clickhouse;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Plain queries over ClickHouse's HTTP interface. Used where the JDBC driver cannot go: its SELECT and metadata
 * paths fail on ClickHouse 18.16.
 */
public final class ClickHouseHttp {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    private final URI endpoint;
    private final String authorization;
    private final ClickHouseLogin login;
    private final HttpClient client;

    /** As ClickHouse's passwordless {@code default} user. */
    public ClickHouseHttp(String httpUrl) {
        this(httpUrl, ClickHouseLogin.DEFAULT);
    }

    /** As {@code login}'s user; an {@code https://} URL is checked against its CA certificate. */
    public ClickHouseHttp(String httpUrl, ClickHouseLogin login) {
        this(URI.create(httpUrl.endsWith("/") ? httpUrl : httpUrl + "/"), "Basic " + Base64.getEncoder()
                .encodeToString((login.user() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)), login);
    }

    private ClickHouseHttp(URI endpoint, String authorization, ClickHouseLogin login) {
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.login = login;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if ("https".equalsIgnoreCase(endpoint.getScheme())) {
            builder.sslContext(login.sslContext());
        }
        this.client = builder.build();
    }

    /** The same server and login, with a setting on every query (a URL parameter, so 18.16 knows it too). */
    public ClickHouseHttp withSetting(String name, String value) {
        String separator = endpoint.getQuery() == null ? "?" : "&";
        return new ClickHouseHttp(URI.create(endpoint + separator + name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)), authorization, login);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Runs one statement and returns the response body; throws with ClickHouse's error text if it fails. */
    public String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(QUERY_TIMEOUT)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!closedBeforeAnswering(e)) {
                    throw e;
                }
                // ClickHouse closes an idle keep-alive connection after its keep_alive_timeout (3 s by default); a
                // request sent on it just then is never read. Once more, on a new connection.
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + endpoint + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying ClickHouse at " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered HTTP " + response.statusCode() + ": "
                    + response.body().trim());
        }
        return response.body();
    }

    /** The connection ended before a byte of the answer came: what a keep-alive connection closed by the server gives. */
    private static boolean closedBeforeAnswering(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }
}
