package dev.nudge.replay;

import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.Tenant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an order export (CSV, one order line per line, a header first) into purchase events. Messy lines are left
 * out and counted by {@link SkipReason}; input that cannot be replayed at all (a missing column, an unreadable
 * timestamp, a line with too few fields) fails with an {@link OrderFileException} naming line and column. Every line's
 * timestamp must be readable, even a line that is skipped for another reason: a bad date means a bad export.
 */
public final class OrderCsvReader {

    /** The category lines get here; {@link CategoryRules} assigns the real ones before a replay. */
    static final String NO_CATEGORY = "all";

    private final OrderCsvFormat format;
    private final String brandId;
    private final DateTimeFormatter dates;

    public OrderCsvReader(OrderCsvFormat format, String brandId) {
        this.format = format;
        this.brandId = brandId;
        this.dates = "ISO".equals(format.datePattern()) ? DateTimeFormatter.ISO_DATE_TIME
                : DateTimeFormatter.ofPattern(format.datePattern());
    }

    public OrderHistory read(Reader input) throws IOException {
        BufferedReader lines = new BufferedReader(input);
        String header = lines.readLine();
        if (header == null) {
            throw new OrderFileException("line 1: the file is empty, expected a header");
        }
        Columns columns = Columns.of(CsvLine.split(header.replace("\uFEFF", ""), 1), format);
        Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, 0);
        }
        Set<List<String>> seen = new HashSet<>();
        Map<String, OrderBuilder> orders = new LinkedHashMap<>();
        int lineNumber = 1;
        int linesRead = 0;
        int linesKept = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            linesRead++;
            List<String> fields = CsvLine.split(line, lineNumber);
            if (fields.size() < columns.width()) {
                throw new OrderFileException("line " + lineNumber + ": expected " + columns.width()
                        + " fields as in the header, found " + fields.size());
            }
            Instant at = timestamp(fields.get(columns.timestamp()).strip(), lineNumber);
            String orderId = required(fields, columns.orderId(), format.orderId(), lineNumber);
            String sku = required(fields, columns.sku(), format.sku(), lineNumber);
            SkipReason reason = seen.add(fields) ? skipReason(fields, columns, orderId, sku) : SkipReason.DUPLICATE_ROW;
            if (reason != null) {
                skipped.merge(reason, 1, Integer::sum);
                continue;
            }
            linesKept++;
            LineItem item = new LineItem(sku, fields.get(columns.description()).strip(), NO_CATEGORY,
                    Integer.parseInt(fields.get(columns.quantity()).strip()),
                    priceMinor(fields.get(columns.unitPrice())), format.currency());
            orders.computeIfAbsent(orderId, id -> new OrderBuilder(id, customerId(fields.get(columns.customerId()))))
                    .add(item, at);
        }
        List<PurchaseEvent> events = orders.values().stream().map(this::event)
                .sorted(Comparator.comparing(PurchaseEvent::getEventTime).thenComparing(PurchaseEvent::getOrderId))
                .toList();
        int severalTimestamps = (int) orders.values().stream().filter(order -> order.timestamps.size() > 1).count();
        return new OrderHistory(events, linesRead, linesKept, skipped, severalTimestamps);
    }

    private SkipReason skipReason(List<String> fields, Columns columns, String orderId, String sku) {
        if (customerId(fields.get(columns.customerId())).isEmpty()) {
            return SkipReason.MISSING_CUSTOMER_ID;
        }
        if (orderId.toUpperCase(java.util.Locale.ROOT).startsWith("C")) {
            return SkipReason.CANCELLED_ORDER;
        }
        if (format.isNonProduct(sku)) {
            return SkipReason.NON_PRODUCT;
        }
        int quantity;
        BigDecimal price;
        try {
            quantity = Integer.parseInt(fields.get(columns.quantity()).strip());
            price = new BigDecimal(fields.get(columns.unitPrice()).strip());
        } catch (NumberFormatException e) {
            return SkipReason.UNPARSEABLE_NUMBER;
        }
        if (quantity <= 0) {
            return SkipReason.RETURN_OR_ZERO_QUANTITY;
        }
        return price.signum() <= 0 ? SkipReason.NON_POSITIVE_PRICE : null;
    }

    private Instant timestamp(String text, int lineNumber) {
        try {
            TemporalAccessor parsed = dates.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).atZone(format.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new OrderFileException("line " + lineNumber + ", column " + format.timestamp() + ": cannot read '"
                    + text + "' as a time (pattern " + format.datePattern() + ")");
        }
    }

    private static String required(List<String> fields, int index, String column, int lineNumber) {
        String value = fields.get(index).strip();
        if (value.isEmpty()) {
            throw new OrderFileException("line " + lineNumber + ", column " + column + ": empty");
        }
        return value;
    }

    /** Spreadsheets turn customer ids into floats: "17850.0" is customer "17850". */
    private static String customerId(String raw) {
        String id = raw.strip();
        return id.endsWith(".0") ? id.substring(0, id.length() - 2) : id;
    }

    private static long priceMinor(String text) {
        return new BigDecimal(text.strip()).movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private PurchaseEvent event(OrderBuilder order) {
        long total = order.lines.stream().mapToLong(line -> line.getQuantity() * line.getUnitPriceMinor()).sum();
        return PurchaseEvent.newBuilder()
                .setEventId("replay-" + order.orderId)
                .setTenant(new Tenant(brandId, null))
                .setCustomerId(order.customerId)
                .setEventTime(order.earliest())
                .setOrderId(order.orderId)
                .setLines(order.lines)
                .setTotalMinor(total)
                .setCurrency(format.currency())
                .setChannel(SalesChannel.ONLINE)
                .build();
    }

    /** Where each field sits in a line, found by header name. */
    private record Columns(int orderId, int sku, int description, int quantity, int timestamp, int unitPrice,
                           int customerId, int width) {

        static Columns of(List<String> header, OrderCsvFormat format) {
            List<String> names = header.stream().map(String::strip).toList();
            return new Columns(index(names, format.orderId()), index(names, format.sku()),
                    index(names, format.description()), index(names, format.quantity()),
                    index(names, format.timestamp()), index(names, format.unitPrice()),
                    index(names, format.customerId()), names.size());
        }

        private static int index(List<String> names, String column) {
            int index = names.indexOf(column);
            if (index < 0) {
                throw new OrderFileException("line 1: the header has no column " + column + " (it has "
                        + String.join(", ", names) + ")");
            }
            return index;
        }
    }

    private static final class OrderBuilder {
        final String orderId;
        final String customerId;
        final List<LineItem> lines = new ArrayList<>();
        final Set<Instant> timestamps = new HashSet<>();

        OrderBuilder(String orderId, String customerId) {
            this.orderId = orderId;
            this.customerId = customerId;
        }

        void add(LineItem line, Instant at) {
            lines.add(line);
            timestamps.add(at);
        }

        Instant earliest() {
            return timestamps.stream().min(Comparator.naturalOrder()).orElseThrow();
        }
    }
}
