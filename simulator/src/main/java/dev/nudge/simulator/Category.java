package dev.nudge.simulator;

/**
 * The retailer's product categories. {@link #code()} is what the events and sequence definitions carry
 * ({@code categories: [coffee, equipment]}).
 *
 * @see CatalogGenerator
 */
public enum Category {
    COFFEE("coffee"),
    TEA("tea"),
    /** Brewing gear: drippers, grinders, kettles, mugs. */
    EQUIPMENT("equipment"),
    PET_FOOD("pet-food"),
    SKINCARE("skincare"),
    MEMBERSHIP("membership");

    private final String code;

    Category(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Category ofCode(String code) {
        for (Category category : values()) {
            if (category.code.equals(code)) {
                return category;
            }
        }
        throw new IllegalArgumentException("no category " + code);
    }
}
