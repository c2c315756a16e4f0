package dev.nudge.benchmark;

import dev.nudge.platform.clickhouse.RowBinder;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows as TabSeparated text, written through the sink's own {@link RowBinder}: the binder sets parameters on a
 * statement that only records them, so clickhouse-client gets exactly the values the sink would insert.
 */
final class TsvRows<T> {

    private final RowBinder<T> binder;
    private final Object[] values;
    private final PreparedStatement recorder;

    TsvRows(RowBinder<T> binder) {
        this.binder = binder;
        this.values = new Object[binder.columns().size()];
        this.recorder = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                        values[index - 1] = args[1];
                        return null;
                    }
                    throw new UnsupportedOperationException("a row binder should only set parameters, not call " + method.getName());
                });
    }

    /** Appends {@code row} as one TSV line, in {@link RowBinder#columns()} order. */
    void append(T row, StringBuilder out) throws SQLException {
        Arrays.fill(values, null);
        binder.bind(recorder, row);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            escape(values[i] == null ? "\\N" : values[i].toString(), values[i] == null, out);
        }
        out.append('\n');
    }

    private static void escape(String value, boolean raw, StringBuilder out) {
        if (raw) {
            out.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
