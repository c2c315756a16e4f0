package dev.nudge.replay;

import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderCsvReaderTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    private static final OrderCsvReader UCI = new OrderCsvReader(OrderCsvFormat.uciOnlineRetail(), "demo-roasters");

    static OrderHistory messyOrders() throws IOException {
        try (Reader input = Files.newBufferedReader(Path.of("src/test/resources/messy-orders.csv"), StandardCharsets.UTF_8)) {
            return UCI.read(input);
        }
    }

    @Test
    void countsEveryKindOfMessInTheSample() throws IOException {
        OrderHistory history = messyOrders();

        assertThat(history.linesRead()).isEqualTo(263);
        assertThat(history.linesKept()).isEqualTo(160);
        assertThat(history.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.DUPLICATE_ROW, 9,
                SkipReason.MISSING_CUSTOMER_ID, 29,
                SkipReason.CANCELLED_ORDER, 12,
                SkipReason.NON_PRODUCT, 25,
                SkipReason.UNPARSEABLE_NUMBER, 16,
                SkipReason.RETURN_OR_ZERO_QUANTITY, 6,
                SkipReason.NON_POSITIVE_PRICE, 6));
        assertThat(history.orders()).hasSize(89);
        assertThat(history.customers()).isEqualTo(36);
        assertThat(history.ordersWithSeveralTimestamps()).isEqualTo(6);
        assertThat(history.orders()).isSortedAccordingTo(java.util.Comparator.comparing(PurchaseEvent::getEventTime));
    }

    @Test
    void groupsLinesIntoOrdersWithTheEarliestTimeAndTidyCustomerIds() throws IOException {
        String csv = HEADER
                + "536002,COF01,HOUSE BLEND COFFEE 1KG,2,12/1/2010 20:18,12.50,12029.0,United Kingdom\n"
                + "536002,GRD01,\"HAND GRINDER, CERAMIC BURR\",1,12/1/2010 20:19,24.00,12029.0,United Kingdom\n"
                + "536001,MUG01,\"ENAMEL MUG \"\"CAMP\"\"\",3,12/1/2010 10:40,4.95,12021,United Kingdom\n";

        OrderHistory history = UCI.read(new StringReader(csv));

        assertThat(history.orders()).extracting(PurchaseEvent::getOrderId).containsExactly("536001", "536002");
        PurchaseEvent order = history.orders().get(1);
        assertThat(order.getCustomerId()).isEqualTo("12029");
        // 20:18 in London in December is 20:18 UTC.
        assertThat(order.getEventTime()).isEqualTo(Instant.parse("2010-12-01T20:18:00Z"));
        assertThat(order.getLines()).extracting(LineItem::getName, LineItem::getQuantity, LineItem::getUnitPriceMinor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HOUSE BLEND COFFEE 1KG", 2, 1250L),
                        org.assertj.core.groups.Tuple.tuple("HAND GRINDER, CERAMIC BURR", 1, 2400L));
        assertThat(order.getTotalMinor()).isEqualTo(2 * 1250 + 2400);
        assertThat(order.getCurrency()).isEqualTo("GBP");
        assertThat(history.orders().get(0).getLines().get(0).getName()).isEqualTo("ENAMEL MUG \"CAMP\"");
        assertThat(history.ordersWithSeveralTimestamps()).isEqualTo(1);
    }

    @Test
    void readsOtherLayoutsWithIsoTimestamps() throws IOException {
        OrderCsvFormat format = OrderCsvFormat.uciOnlineRetail()
                .withColumns("order", "sku", "name", "qty", "at", "price", "customer", "country")
                .withDatePattern("ISO").withCurrency("USD").withNonProductCodes(java.util.Set.of("SHIP"));
        String csv = "customer,order,at,sku,name,qty,price\n"
                + "c1,o1,2024-03-01T09:30:00-05:00,BEAN,Beans,1,14.00\n"
                + "c1,o1,2024-03-01T09:30:00-05:00,SHIP,Shipping,1,5.00\n"
                + "c1,o2,2024-03-02T09:30:00-05:00,POST,Poster,1,9.00\n";

        OrderHistory history = new OrderCsvReader(format, "b").read(new StringReader(csv));

        assertThat(history.orders()).hasSize(2);
        assertThat(history.orders().get(0).getEventTime()).isEqualTo(Instant.parse("2024-03-01T14:30:00Z"));
        assertThat(history.orders().get(1).getLines().get(0).getSku()).isEqualTo("POST");
        assertThat(history.skipped().get(SkipReason.NON_PRODUCT)).isEqualTo(1);
    }

    @Test
    void aMissingColumnNamesTheColumn() {
        String csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,Country\n";

        assertThatThrownBy(() -> UCI.read(new StringReader(csv)))
                .isInstanceOf(OrderFileException.class)
                .hasMessage("line 1: the header has no column CustomerID (it has InvoiceNo, StockCode, Description, "
                        + "Quantity, InvoiceDate, UnitPrice, Country)");
    }

    @Test
    void anUnreadableTimestampNamesLineAndColumnEvenAfterBlankLines() {
        String csv = HEADER
                + "536001,COF01,HOUSE BLEND COFFEE 1KG,2,12/1/2010 20:18,12.50,12029,United Kingdom\n"
                + "\n"
                + "536002,COF01,HOUSE BLEND COFFEE 1KG,2,2010-12-01 20:18,12.50,12029,United Kingdom\n";

        assertThatThrownBy(() -> UCI.read(new StringReader(csv)))
                .isInstanceOf(OrderFileException.class)
                .hasMessage("line 4, column InvoiceDate: cannot read '2010-12-01 20:18' as a time (pattern M/d/yyyy H:mm)");
    }

    @Test
    void aTimestampIsRequiredEvenOnALineThatWouldBeSkipped() {
        String csv = HEADER + "C536001,COF01,HOUSE BLEND COFFEE 1KG,-2,,12.50,,United Kingdom\n";

        assertThatThrownBy(() -> UCI.read(new StringReader(csv)))
                .hasMessage("line 2, column InvoiceDate: cannot read '' as a time (pattern M/d/yyyy H:mm)");
    }

    @Test
    void aShortLineOrAnOpenQuoteNamesTheLine() {
        assertThatThrownBy(() -> UCI.read(new StringReader(HEADER + "536001,COF01,BEANS,2,12/1/2010 20:18\n")))
                .hasMessage("line 2: expected 8 fields as in the header, found 5");
        assertThatThrownBy(() -> UCI.read(new StringReader(HEADER
                + "536001,COF01,BEANS,2,12/1/2010 20:18,12.50,1,UK\n536002,COF01,\"BEANS,2,12/1/2010 20:18,12.50,1,UK\n")))
                .hasMessage("line 3: a quoted field is not closed");
        assertThatThrownBy(() -> UCI.read(new StringReader(HEADER + ",COF01,BEANS,2,12/1/2010 20:18,12.50,1,UK\n")))
                .hasMessage("line 2, column InvoiceNo: empty");
        assertThatThrownBy(() -> UCI.read(new StringReader("")))
                .hasMessage("line 1: the file is empty, expected a header");
    }

    @Test
    void theCatalogTakesTheMedianPriceTheCommonestNameAndCoPurchases() throws IOException {
        List<PurchaseEvent> orders = CategoryRules.parse(Files.readString(Path.of("src/test/resources/messy-categories.txt")))
                .apply(messyOrders().orders());

        var catalog = HistoryCatalog.derive(orders, "demo-roasters", Instant.EPOCH, "https://shop.example/p/");

        assertThat(catalog).extracting(item -> item.getSku()).containsExactly(
                "CAN01", "CHO01", "COF01", "COF02", "COF03", "FLT01", "GRD01", "MUG01", "PRS01", "TEA01");
        var beans = catalog.stream().filter(item -> item.getSku().equals("COF01")).findFirst().orElseThrow();
        assertThat(beans.getCategory()).isEqualTo("coffee");
        assertThat(beans.getStock()).isEqualTo(Integer.MAX_VALUE);
        assertThat(beans.getUrl()).isEqualTo("https://shop.example/p/COF01");
        List<Long> beanPrices = orders.stream().flatMap(order -> order.getLines().stream())
                .filter(line -> line.getSku().equals("COF01")).map(LineItem::getUnitPriceMinor).sorted().toList();
        assertThat(beans.getPriceMinor()).isEqualTo(beanPrices.get((beanPrices.size() - 1) / 2)).isEqualTo(1250L);
        assertThat(beans.getComplements()).hasSize(HistoryCatalog.PAIRINGS_PER_ITEM).doesNotContain("COF01");
        assertThat(catalog.stream().filter(item -> item.getSku().equals("CAN01")).findFirst().orElseThrow().getCategory())
                .isEqualTo("storage");
        assertThat(catalog.stream().filter(item -> item.getSku().equals("TEA01")).findFirst().orElseThrow().getCategory())
                .isEqualTo("all");
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddle() {
        List<LineItem> lines = List.of(line(300), line(100), line(400), line(200));
        assertThat(HistoryCatalog.medianPrice(lines)).isEqualTo(200);
    }

    private static LineItem line(long price) {
        return new LineItem("S", "n", "all", 1, price, "GBP");
    }
}
