package dev.nudge.replay;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an order export is laid out: which header names hold which field, how its timestamps and prices read, and
 * which stock codes are not products. {@link #uciOnlineRetail()} is the default.
 *
 * @param orderId         header of the order (invoice) number; an order number starting with "C" is a cancellation
 * @param sku             header of the stock code
 * @param description     header of the product name
 * @param quantity        header of the quantity; a negative quantity is a return
 * @param timestamp       header of the order time
 * @param unitPrice       header of the unit price, in major units ("2.55")
 * @param customerId      header of the customer id; "17850.0" (a spreadsheet's float) reads as "17850"
 * @param country         header of the country; read but not required to be present
 * @param datePattern     a {@link DateTimeFormatter} pattern for timestamps without a zone, or "ISO" for ISO-8601
 *                        timestamps with an offset ("2010-12-01T08:26:00Z")
 * @param zone            the zone of timestamps that carry none, and the customers' zone in the replay
 * @param currency        the currency of the prices
 * @param nonProductCodes stock codes of postage, fees, discounts and the like, compared ignoring case
 */
public record OrderCsvFormat(String orderId, String sku, String description, String quantity, String timestamp,
                             String unitPrice, String customerId, String country, String datePattern, ZoneId zone,
                             String currency, Set<String> nonProductCodes) {

    /** Postage, carriage, discounts, manual adjustments, bank charges, marketplace fees, samples, donations. */
    public static final Set<String> DEFAULT_NON_PRODUCT_CODES = Set.of("POST", "DOT", "C2", "D", "M", "S", "B",
            "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "ADJUST", "ADJUST2", "TEST001", "TEST002");

    public OrderCsvFormat {
        nonProductCodes = nonProductCodes.stream().map(code -> code.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The UCI Online Retail layout: {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country},
     * dates like "12/1/2010 8:26" in Europe/London, prices in GBP.
     */
    public static OrderCsvFormat uciOnlineRetail() {
        return new OrderCsvFormat("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                "CustomerID", "Country", "M/d/yyyy H:mm", ZoneId.of("Europe/London"), "GBP", DEFAULT_NON_PRODUCT_CODES);
    }

    public OrderCsvFormat withDatePattern(String pattern) {
        return new OrderCsvFormat(orderId, sku, description, quantity, timestamp, unitPrice, customerId, country,
                pattern, zone, currency, nonProductCodes);
    }

    public OrderCsvFormat withZone(ZoneId newZone) {
        return new OrderCsvFormat(orderId, sku, description, quantity, timestamp, unitPrice, customerId, country,
                datePattern, newZone, currency, nonProductCodes);
    }

    public OrderCsvFormat withCurrency(String newCurrency) {
        return new OrderCsvFormat(orderId, sku, description, quantity, timestamp, unitPrice, customerId, country,
                datePattern, zone, newCurrency, nonProductCodes);
    }

    public OrderCsvFormat withNonProductCodes(Set<String> codes) {
        return new OrderCsvFormat(orderId, sku, description, quantity, timestamp, unitPrice, customerId, country,
                datePattern, zone, currency, codes);
    }

    /** Renames the columns: the names in the order of this record's first eight components. */
    public OrderCsvFormat withColumns(String orderIdColumn, String skuColumn, String descriptionColumn,
                                      String quantityColumn, String timestampColumn, String unitPriceColumn,
                                      String customerIdColumn, String countryColumn) {
        return new OrderCsvFormat(orderIdColumn, skuColumn, descriptionColumn, quantityColumn, timestampColumn,
                unitPriceColumn, customerIdColumn, countryColumn, datePattern, zone, currency, nonProductCodes);
    }

    boolean isNonProduct(String stockCode) {
        return nonProductCodes.contains(stockCode.toUpperCase(Locale.ROOT));
    }
}
