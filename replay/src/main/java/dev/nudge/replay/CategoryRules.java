package dev.nudge.replay;

import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Assigns categories to products of an export that has none. Each rule is a category and a regular expression; a
 * product gets the category of the first rule whose expression is found in its stock code or its name (ignoring
 * case), else {@value OrderCsvReader#NO_CATEGORY}. The file form is one {@code category: expression} a line, with
 * {@code #} comments, e.g. {@code coffee: coffee|espresso|beans}.
 */
public final class CategoryRules {

    private record Rule(String category, Pattern pattern) {}

    private final List<Rule> rules;

    private CategoryRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules: every product is in {@value OrderCsvReader#NO_CATEGORY}. */
    public static CategoryRules none() {
        return new CategoryRules(List.of());
    }

    public static CategoryRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new IllegalArgumentException("category rules line " + (i + 1)
                        + ": expected 'category: expression', got '" + line + "'");
            }
            rules.add(new Rule(line.substring(0, colon).strip(),
                    Pattern.compile(line.substring(colon + 1).strip(), Pattern.CASE_INSENSITIVE)));
        }
        return new CategoryRules(rules);
    }

    public String categoryOf(String sku, String name) {
        for (Rule rule : rules) {
            if (rule.pattern().matcher(sku).find() || rule.pattern().matcher(name).find()) {
                return rule.category();
            }
        }
        return OrderCsvReader.NO_CATEGORY;
    }

    /** The same orders with every line's category set by these rules. */
    public List<PurchaseEvent> apply(List<PurchaseEvent> orders) {
        return orders.stream().map(order -> {
            List<LineItem> lines = order.getLines().stream().map(line -> LineItem.newBuilder(line)
                    .setCategory(categoryOf(line.getSku(), line.getName())).build()).toList();
            return PurchaseEvent.newBuilder(order).setLines(lines).build();
        }).toList();
    }
}
