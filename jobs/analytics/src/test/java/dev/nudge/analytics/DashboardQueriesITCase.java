package dev.nudge.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.devstack.clickhouse.ClickHouseExtension;
import dev.nudge.platform.clickhouse.Migrations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard's panel queries: each is an analyst query verbatim, and each runs on ClickHouse 18.16. */
class DashboardQueriesITCase {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension()
            .afterStart(server -> Migrations.apply(server.httpUrl(), AnalystQueries.ROOT.resolve("sql")));

    @BeforeAll
    static void load() throws Exception {
        FactsLoader.load(CLICKHOUSE.server(), new Scenario());
    }

    @Test
    void everyPanelRunsAnAnalystQueryAndGetsRows() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(AnalystQueries.ROOT.resolve("deploy/grafana/nudge.json").toFile());
        List<String> panelQueries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.path("datasource").path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
            for (JsonNode target : panel.get("targets")) {
                panelQueries.add(target.get("rawSql").asText());
            }
        }

        assertThat(panelQueries).containsExactlyInAnyOrderElementsOf(AnalystQueries.all().values());
        for (String sql : panelQueries) {
            String rows = CLICKHOUSE.server().query(sql + "\nFORMAT TSV");
            assertThat(rows.lines().count()).as(sql).isPositive();
        }
    }
}
