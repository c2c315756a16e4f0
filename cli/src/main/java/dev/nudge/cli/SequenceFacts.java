package dev.nudge.cli;

import dev.nudge.platform.cli.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.platform.clickhouse.ClickHouseHttp;
import dev.nudge.platform.clickhouse.QueryParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ClickHouse knows about one sequence of one brand over a date range, read with the analyst queries of
 * sql/queries (the same files the dashboard and notebooks run), one row type per question.
 */
record SequenceFacts(List<Comparison> comparisons, List<TextConversions> perText, List<OptOuts> optOuts,
                     List<TimeToConvert> timesToConvert, List<DelayBucket> sincePurchase,
                     List<DelayBucket> sincePreviousStep, Optional<String> document) {

    /** One row of 03_holdout_lift: step -1 is the whole sequence. */
    record Comparison(int step, String variant, String currency, long treated, long treatedConverted, long heldOut,
                      long heldOutConverted, Double lift, Double liftLow, Double liftHigh,
                      double treatedRevenuePerCustomer, double heldOutRevenuePerCustomer, Double revenueLiftLow,
                      Double revenueLiftHigh, Double sampleRatioP, String verdict) {}

    /** 02_conversion_by_text summed over currencies: texts of a step's variant and the orders attributed to them. */
    record TextConversions(int step, String variant, long sent, long conversions) {}

    /** One row of 08_opt_out_rate. */
    record OptOuts(int step, String variant, long texts, long optOuts, double rate, double low, double high) {}

    /** One row of 09_time_to_convert. */
    record TimeToConvert(int step, String variant, long conversions, double medianHours, double p90Hours) {}

    /** One row of 12_conversion_by_time_since_purchase or 05_conversion_by_step_delay: texts sent that many days on. */
    record DelayBucket(int step, int days, long texts, long converted) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static SequenceFacts read(ClickHouseHttp clickHouse, Path queries, String brand, String sequence, String from,
                              String to) {
        Map<String, String> parameters = Map.of("brand", brand, "from", from, "to", to);
        Reader reader = new Reader(clickHouse, queries, parameters, sequence);
        List<Comparison> comparisons = reader.rows("03_holdout_lift", row -> new Comparison(row.get("step").asInt(),
                row.get("variant").asText(), row.get("currency").asText(), row.get("treated").asLong(),
                row.get("treated_converted").asLong(), row.get("held_out").asLong(),
                row.get("held_out_converted").asLong(), nullable(row, "lift"), nullable(row, "lift_ci_low"),
                nullable(row, "lift_ci_high"), row.get("treated_revenue_per_customer_minor").asDouble(),
                row.get("held_out_revenue_per_customer_minor").asDouble(), nullable(row, "revenue_lift_ci_low"),
                nullable(row, "revenue_lift_ci_high"), nullable(row, "sample_ratio_p"), row.get("verdict").asText()));
        Map<String, TextConversions> perText = new LinkedHashMap<>();
        reader.rows("02_conversion_by_text", row -> new TextConversions(row.get("step").asInt(),
                row.get("variant").asText(), row.get("sent").asLong(), row.get("conversions").asLong()))
                .forEach(row -> perText.merge(row.step() + "/" + row.variant(), row, (a, b) ->
                        new TextConversions(a.step(), a.variant(), a.sent(), a.conversions() + b.conversions())));
        List<OptOuts> optOuts = reader.rows("08_opt_out_rate", row -> new OptOuts(row.get("step").asInt(),
                row.get("variant").asText(), row.get("texts").asLong(), row.get("opt_outs").asLong(),
                row.get("opt_out_rate").asDouble(), row.get("opt_out_rate_ci_low").asDouble(),
                row.get("opt_out_rate_ci_high").asDouble()));
        List<TimeToConvert> times = reader.rows("09_time_to_convert", row -> new TimeToConvert(row.get("step").asInt(),
                row.get("variant").asText(), row.get("conversions").asLong(), row.get("median_hours").asDouble(),
                row.get("p90_hours").asDouble()));
        List<DelayBucket> sincePurchase = reader.rows("12_conversion_by_time_since_purchase",
                row -> new DelayBucket(row.get("step").asInt(), row.get("days_since_purchase").asInt(),
                        row.get("texts").asLong(), row.get("converted").asLong()));
        List<DelayBucket> sincePrevious = reader.rows("05_conversion_by_step_delay",
                row -> new DelayBucket(row.get("step").asInt(), row.get("delay_days").asInt(),
                        row.get("texts").asLong(), row.get("converted").asLong()));
        String newest = clickHouse.query("SELECT argMax(document, version) FROM nudge.sequence_versions WHERE brand_id = "
                + QueryParameters.bind("{brand:String} AND sequence_id = {sequence:String}",
                Map.of("brand", brand, "sequence", sequence)) + " FORMAT JSONEachRow");
        Optional<String> document = newest.isBlank() ? Optional.empty()
                : Optional.of(parse(newest).elements().next().asText()).filter(text -> !text.isBlank());
        return new SequenceFacts(comparisons, List.copyOf(perText.values()), optOuts, times, sincePurchase,
                sincePrevious, document);
    }

    boolean isEmpty() {
        return comparisons.isEmpty() && optOuts.isEmpty();
    }

    private interface RowMapper<T> {
        T map(JsonNode row);
    }

    private record Reader(ClickHouseHttp clickHouse, Path queries, Map<String, String> parameters, String sequence) {
        <T> List<T> rows(String query, RowMapper<T> mapper) {
            String sql;
            try {
                sql = Files.readString(queries.resolve(query + ".sql"));
            } catch (NoSuchFileException e) {
                throw new UserError("no query " + query + ".sql in " + queries + " (give --queries)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // 64-bit integers come quoted; JsonNode.asLong reads them all the same.
            String body = clickHouse.query(QueryParameters.bind(sql, parameters) + "\nFORMAT JSONEachRow");
            List<T> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    JsonNode row = parse(line);
                    if (sequence.equals(row.path("sequence_id").asText())) {
                        rows.add(mapper.map(row));
                    }
                }
            }
            return rows;
        }
    }

    private static Double nullable(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asDouble();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse sent what is not JSON: " + json, e);
        }
    }
}
