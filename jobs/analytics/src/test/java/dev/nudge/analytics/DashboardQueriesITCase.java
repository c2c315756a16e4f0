package dev.nudge.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard: a brand variable and the time range feed every panel, each panel is an analyst query with
 * its parameters bound to them (deploy/grafana/panels.py), and each runs on ClickHouse 18.16 once Grafana has
 * replaced its variables and macros.
 */
class DashboardQueriesITCase {

    /** How panels.py binds a query's parameters to the dashboard's. */
    private static final Map<String, String> TO_GRAFANA = Map.of("{brand:String}", "'${brand}'",
            "{from:DateTime}", "$__fromTime", "{to:DateTime}", "$__toTime");
    /** What Grafana puts in their place, for the scenario's brand and March 2026. */
    private static final Map<String, String> FROM_GRAFANA = Map.of("${brand}", Events.BRAND,
            "$__fromTime", "toDateTime(intDiv(1772323200000, 1000))", "$__toTime", "toDateTime(intDiv(1775001600000, 1000))");

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql")));

    @BeforeAll
    static void load() throws Exception {
        FactsLoader.load(CLICKHOUSE.server(), new Scenario());
    }

    @Test
    void everyPanelRunsAnAnalystQueryForTheChosenBrandAndTimeRangeAndGetsRows() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(AnalystQueries.ROOT.resolve("deploy/grafana/nudge.json").toFile());
        List<String> panelQueries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.path("datasource").path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
            for (JsonNode target : panel.get("targets")) {
                panelQueries.add(target.get("rawSql").asText());
            }
        }

        assertThat(panelQueries).containsExactlyInAnyOrderElementsOf(AnalystQueries.all().values().stream()
                .map(sql -> replace(sql, TO_GRAFANA)).toList());
        for (String sql : panelQueries) {
            assertThat(sql).contains("'${brand}'", "$__fromTime", "$__toTime");
            String rows = CLICKHOUSE.server().query(replace(sql, FROM_GRAFANA) + "\nFORMAT TSV");
            assertThat(rows.lines().count()).as(sql).isPositive();
        }

        JsonNode brand = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals("brand")) {
                brand = variable;
            }
        }
        assertThat(brand).as("a brand variable").isNotNull();
        assertThat(CLICKHOUSE.server().query(brand.get("query").asText() + "\nFORMAT TSV").lines())
                .containsExactly(Events.BRAND, Scenario.OTHER_BRAND);
        assertThat(dashboard.path("time").path("from").asText()).isNotEmpty();
    }

    private static String replace(String sql, Map<String, String> replacements) {
        String replaced = sql;
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            replaced = replaced.replace(replacement.getKey(), replacement.getValue());
        }
        return replaced;
    }
}
