package dev.nudge.devstack.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus series a Grafana dashboard queries, so tests can check that the code still writes each of them. */
public final class GrafanaDashboard {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private GrafanaDashboard() {}

    /** Every metric name with this prefix in the dashboard's PromQL expressions. */
    public static Set<String> metricNames(Path dashboard, String prefix) {
        try {
            Set<String> names = new TreeSet<>();
            collect(new ObjectMapper().readTree(dashboard.toFile()), prefix, names);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, String prefix, Set<String> names) {
        if (node.has("expr")) {
            Matcher matcher = NAME.matcher(node.get("expr").asText());
            while (matcher.find()) {
                if (matcher.group().startsWith(prefix)) {
                    names.add(matcher.group());
                }
            }
        }
        node.forEach(child -> collect(child, prefix, names));
    }
}
