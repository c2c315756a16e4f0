package dev.nudge.platform.clickhouse;

import java.io.Serializable;

/** What stands in for a customer id in ClickHouse: a keyed hash within the brand, never the id itself. */
@FunctionalInterface
public interface CustomerPseudonym extends Serializable {

    String customer(String brandId, String customerId);
}
