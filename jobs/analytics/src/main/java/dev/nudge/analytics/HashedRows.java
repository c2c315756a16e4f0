package dev.nudge.analytics;

import dev.nudge.platform.clickhouse.RowBinder;

import java.util.List;

/** A fact table's binder: its table, its columns, and the keyed hash that stands in for customers and phones. */
abstract class HashedRows<T> implements RowBinder<T> {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final List<String> columns;
    protected final KeyedHash hash;

    HashedRows(String table, List<String> columns, KeyedHash hash) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.hash = hash;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public List<String> columns() {
        return columns;
    }
}
