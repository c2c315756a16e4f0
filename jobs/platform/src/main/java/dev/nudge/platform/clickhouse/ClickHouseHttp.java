package dev.nudge.platform.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain queries over ClickHouse's HTTP interface. Used where the JDBC driver cannot go: its SELECT and metadata
 * paths fail on ClickHouse 18.16.
 */
public final class ClickHouseHttp {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ClickHouseHttp(String httpUrl) {
        this.endpoint = URI.create(httpUrl.endsWith("/") ? httpUrl : httpUrl + "/");
    }

    /** Runs one statement and returns the response body; throws with ClickHouse's error text if it fails. */
    public String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(QUERY_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
}
