package dev.nudge.replay;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.platform.cli.CommandLines;
import dev.nudge.platform.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./nudge replay --input orders.csv --definition sequences/coffee-checkout-addon.yaml} replays an order export
 * through a candidate sequence and prints what it would have sent. An input ending in {@code .avro} is read as an
 * Avro data file of purchase events ({@link AvroOrders}); anything else as CSV.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays an order history (a CSV export or Avro purchase events) through a candidate sequence "
                + "and reports what it would have sent.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "the orders: CSV (e.g. the UCI Online Retail export), or .avro purchase events")
    Path input;

    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "the candidate sequence (YAML or JSON)")
    Path definition;

    @Option(names = "--out", defaultValue = ".nudge/replay", paramLabel = "DIR",
            description = "where the report's files go; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--categories", paramLabel = "FILE",
            description = "product categories (see CategoryRules); default: every product in \"all\"")
    Path categories;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "the 8 header names for InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                    + "CustomerID,Country, in that order; default the UCI Online Retail layout")
    List<String> columns;

    @Option(names = "--date-pattern", description = "e.g. \"M/d/yyyy H:mm\" or ISO; default the UCI layout's")
    String datePattern;

    @Option(names = "--zone", description = "the orders' time zone, e.g. Europe/London")
    ZoneId zone;

    @Option(names = "--currency", description = "e.g. GBP")
    String currency;

    @Option(names = "--non-product", split = ",", paramLabel = "CODE",
            description = "stock codes that are not products (POST,D,M,...); default OrderCsvFormat's")
    Set<String> nonProduct;

    @Option(names = "--link-base", defaultValue = "https://shop.example/p/",
            description = "product links in the texts are this and the sku; default ${DEFAULT-VALUE}")
    String linkBase;

    public static void main(String[] args) {
        CommandLines.exit(new ReplayCommand(), args);
    }

    /** The command with {@code args} read, not run (for tests). */
    static ReplayCommand parse(String... args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter print = spec.commandLine().getOut();
        ReplayReport report = replay();
        print.print(report.summary());
        if (report.decisions(DecisionOutcome.ENTERED) + report.decisions(DecisionOutcome.HELD_OUT) == 0) {
            print.println("Nobody entered the sequence: does its trigger match any product of the history? "
                    + "Products are all in category \"all\" unless --categories says otherwise.");
        }
        print.flush();
        return 0;
    }

    ReplayReport replay() throws Exception {
        CandidateDefinition candidate = candidate();
        OrderCsvFormat format = format();
        String brandId = candidate.definition().brandId();
        if (!Files.isRegularFile(input)) {
            throw new UserError("--input: no such file: " + input);
        }
        OrderHistory history = null;
        List<PurchaseEvent> read;
        if (input.toString().endsWith(".avro")) {
            read = AvroOrders.read(input, brandId);
        } else {
            try (Reader lines = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                history = new OrderCsvReader(format, brandId).read(lines);
            } catch (OrderFileException e) {
                throw new UserError(input + ": " + e.getMessage());
            }
            read = history.orders();
        }
        CategoryRules rules = categories != null ? CategoryRules.parse(CommandLines.readString(categories))
                : CategoryRules.none();
        List<PurchaseEvent> orders = rules.apply(read);
        if (orders.isEmpty()) {
            throw new UserError("no usable orders in " + input);
        }
        List<CatalogUpdate> catalog = HistoryCatalog.derive(orders, brandId, Instant.EPOCH, linkBase);
        ReplayOutput output = new ReplayRunner(EngineSettings.defaults())
                .run(orders, candidate.envelope(), catalog, format.zone());
        if (!output.definitionRejections().isEmpty()) {
            throw new UserError("the sequencer rejected the definition: "
                    + output.definitionRejections().get(0).getDetail());
        }
        ReplayReport report = ReplayReport.of(history, orders, candidate.definition(), output, format.zone());
        try {
            report.writeTo(out);
        } catch (IOException e) {
            throw new UserError("cannot write the report to " + out + ": " + e.getMessage());
        }
        return report;
    }

    private CandidateDefinition candidate() {
        String text = CommandLines.readString(definition);
        try {
            return CandidateDefinition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(definition + ": " + e.getMessage());
        }
    }

    OrderCsvFormat format() {
        OrderCsvFormat format = OrderCsvFormat.uciOnlineRetail();
        if (columns != null) {
            if (columns.size() != 8) {
                throw new UserError("--columns needs 8 names, got " + columns.size());
            }
            format = format.withColumns(columns.get(0), columns.get(1), columns.get(2), columns.get(3),
                    columns.get(4), columns.get(5), columns.get(6), columns.get(7));
        }
        if (datePattern != null) {
            try {
                format = format.withDatePattern(datePattern);
            } catch (IllegalArgumentException e) {
                throw new UserError("--date-pattern " + datePattern + ": " + e.getMessage());
            }
        }
        if (zone != null) {
            format = format.withZone(zone);
        }
        if (currency != null) {
            format = format.withCurrency(currency);
        }
        if (nonProduct != null) {
            format = format.withNonProductCodes(Set.copyOf(nonProduct));
        }
        return format;
    }
}
