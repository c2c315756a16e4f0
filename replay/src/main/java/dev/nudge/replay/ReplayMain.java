package dev.nudge.replay;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.PurchaseEvent;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ReplayMain --input orders.csv --definition sequences/coffee-checkout-addon.yaml --out .nudge/replay}
 * replays an order export through a candidate sequence and prints what it would have sent. An input ending in
 * {@code .avro} is read as an Avro data file of purchase events ({@link AvroOrders}); anything else as CSV. Options:
 * <ul>
 *   <li>{@code --categories rules.txt}: product categories (see {@link CategoryRules}); default: all in "all"</li>
 *   <li>{@code --columns InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}: the
 *       header names, in that order of meaning; default the UCI Online Retail layout</li>
 *   <li>{@code --date-pattern "M/d/yyyy H:mm"} (or ISO), {@code --zone Europe/London}, {@code --currency GBP}</li>
 *   <li>{@code --non-product POST,D,M,...}: stock codes that are not products; default
 *       {@link OrderCsvFormat#DEFAULT_NON_PRODUCT_CODES}</li>
 *   <li>{@code --link-base https://shop.example/p/}: product links in the texts are this and the sku</li>
 * </ul>
 */
public final class ReplayMain {

    private static final List<String> OPTIONS = List.of("input", "definition", "out", "categories", "columns",
            "date-pattern", "zone", "currency", "non-product", "link-base");

    private ReplayMain() {}

    public static void main(String[] args) throws Exception {
        ReplayReport report = replay(options(args));
        System.out.print(report.summary());
        if (report.decisions(dev.nudge.events.DecisionOutcome.ENTERED)
                + report.decisions(dev.nudge.events.DecisionOutcome.HELD_OUT) == 0) {
            System.out.println("Nobody entered the sequence: does its trigger match any product of the history? "
                    + "Products are all in category \"all\" unless --categories says otherwise.");
        }
    }

    static ReplayReport replay(Map<String, String> options) throws Exception {
        CandidateDefinition candidate = CandidateDefinition.parse(Files.readString(Path.of(required(options, "definition"))));
        OrderCsvFormat format = format(options);
        String brandId = candidate.definition().brandId();
        Path input = Path.of(required(options, "input"));
        OrderHistory history = null;
        List<PurchaseEvent> read;
        if (input.toString().endsWith(".avro")) {
            read = AvroOrders.read(input, brandId);
        } else {
            try (Reader lines = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                history = new OrderCsvReader(format, brandId).read(lines);
            }
            read = history.orders();
        }
        CategoryRules categories = options.containsKey("categories")
                ? CategoryRules.parse(Files.readString(Path.of(options.get("categories")))) : CategoryRules.none();
        List<PurchaseEvent> orders = categories.apply(read);
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("no usable orders in " + options.get("input"));
        }
        List<CatalogUpdate> catalog = HistoryCatalog.derive(orders, candidate.definition().brandId(), Instant.EPOCH,
                options.getOrDefault("link-base", "https://shop.example/p/"));
        ReplayOutput output = new ReplayRunner(EngineSettings.defaults())
                .run(orders, candidate.envelope(), catalog, format.zone());
        if (!output.definitionRejections().isEmpty()) {
            throw new IllegalStateException("the sequencer rejected the definition: "
                    + output.definitionRejections().get(0).getDetail());
        }
        ReplayReport report = ReplayReport.of(history, orders, candidate.definition(), output, format.zone());
        report.writeTo(Path.of(options.getOrDefault("out", ".nudge/replay")));
        return report;
    }

    static OrderCsvFormat format(Map<String, String> options) {
        OrderCsvFormat format = OrderCsvFormat.uciOnlineRetail();
        if (options.containsKey("columns")) {
            String[] names = options.get("columns").split(",", -1);
            if (names.length != 8) {
                throw new IllegalArgumentException("--columns needs 8 names, got " + names.length);
            }
            format = format.withColumns(names[0], names[1], names[2], names[3], names[4], names[5], names[6], names[7]);
        }
        if (options.containsKey("date-pattern")) {
            format = format.withDatePattern(options.get("date-pattern"));
        }
        if (options.containsKey("zone")) {
            format = format.withZone(ZoneId.of(options.get("zone")));
        }
        if (options.containsKey("currency")) {
            format = format.withCurrency(options.get("currency"));
        }
        if (options.containsKey("non-product")) {
            format = format.withNonProductCodes(Set.copyOf(Arrays.asList(options.get("non-product").split(","))));
        }
        return format;
    }

    static Map<String, String> options(String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: ReplayMain --input orders.csv --definition sequence.yaml "
                        + "[--out dir] [--" + String.join(" --", OPTIONS.subList(3, OPTIONS.size())) + "]; got: "
                        + String.join(" ", args));
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
