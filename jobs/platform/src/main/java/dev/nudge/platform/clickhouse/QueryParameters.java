package dev.nudge.platform.clickhouse;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analyst queries' parameters, written in ClickHouse's own syntax ({@code {brand:String}}, {@code {from:DateTime}}),
 * which 24.x binds itself ({@code param_brand=...}) but 18.16 does not know: this binds them as quoted literals.
 * Only the types the queries use are accepted, and every value is checked or escaped, so a value cannot change the
 * statement.
 */
public final class QueryParameters {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9]+)}");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private QueryParameters() {}

    /** The parameter names a query uses, in order of first use. */
    public static Set<String> names(String sql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PARAMETER.matcher(sql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The query with each parameter replaced by its value: a String quoted, a DateTime ({@code yyyy-MM-dd HH:mm:ss},
     * ISO {@code yyyy-MM-ddTHH:mm:ss} or a day {@code yyyy-MM-dd}) as {@code toDateTime('...')}. A missing value or another type is an error.
     */
    public static String bind(String sql, Map<String, String> values) {
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder bound = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the query needs a value for the parameter " + name);
            }
            matcher.appendReplacement(bound, Matcher.quoteReplacement(literal(name, matcher.group(2), value)));
        }
        matcher.appendTail(bound);
        return bound.toString();
    }

    private static String literal(String name, String type, String value) {
        return switch (type) {
            case "String" -> "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case "DateTime" -> "toDateTime('" + dateTime(name, value) + "')";
            default -> throw new IllegalArgumentException("parameter " + name + " has the unsupported type " + type);
        };
    }

    private static String dateTime(String name, String value) {
        try {
            String text = value.trim().replace(' ', 'T');
            return LocalDateTime.parse(text.length() == 10 ? text + "T00:00" : text).format(DATE_TIME);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parameter " + name + " is not a date and time (yyyy-MM-dd HH:mm:ss): "
                    + value);
        }
    }
}
