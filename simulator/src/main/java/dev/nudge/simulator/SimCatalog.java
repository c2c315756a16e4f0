package dev.nudge.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.Tenant;

/**
 * The simulated retailer's catalog over the whole run: the products, and each sku's price and stock as they
 * change. Immutable; made by {@link CatalogGenerator}.
 */
public final class SimCatalog {

    /** The price and stock of one sku from {@code from} until its next state. */
    record SkuState(Instant from, long priceMinor, int stock) {
    }

    private static final long SECONDS_PER_DAY = 86_400;

    private final String brandId;
    private final String idPrefix;
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<String, List<SkuState>> timelines;
    private final Map<Category, List<Product>> shelves = new EnumMap<>(Category.class);

    SimCatalog(String brandId, String idPrefix, List<Product> products, Map<String, List<SkuState>> timelines) {
        this.brandId = brandId;
        this.idPrefix = idPrefix;
        this.timelines = Map.copyOf(timelines);
        for (Product product : products) {
            this.products.put(product.sku(), product);
            if (product.popularity() > 0) {
                shelves.computeIfAbsent(product.category(), c -> new ArrayList<>()).add(product);
            }
        }
    }

    public List<Product> products() {
        return List.copyOf(products.values());
    }

    public Optional<Product> find(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    public Product product(String sku) {
        return find(sku).orElseThrow(() -> new IllegalArgumentException("no sku " + sku + " in the catalog"));
    }

    /** The products a customer may pick in a category (memberships are joined, not picked). */
    public List<Product> shelf(Category category) {
        return shelves.getOrDefault(category, List.of());
    }

    public long priceAt(String sku, Instant at) {
        return stateAt(sku, at).priceMinor();
    }

    public int stockAt(String sku, Instant at) {
        return stateAt(sku, at).stock();
    }

    /** In stock and in season (by the UTC date) at {@code at}. */
    public boolean availableAt(String sku, Instant at) {
        return stockAt(sku, at) > 0 && product(sku).inSeason(LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY)));
    }

    /** How many price changes, stock-outs and restocks happen during the run. */
    public int changeCount() {
        return timelines.values().stream().mapToInt(states -> states.size() - 1).sum();
    }

    /** Every catalog record of the run in time order: the full catalog at the start, then each change. */
    public List<SimEvent> updates() {
        List<SimEvent> updates = new ArrayList<>();
        for (Product product : products.values()) {
            for (SkuState state : timelines.get(product.sku())) {
                updates.add(SimEvent.of(product.sku(), record(product, state, updates.size()), state.from()));
            }
        }
        updates.sort(Comparator.comparing(SimEvent::eventTime));
        return updates;
    }

    private CatalogUpdate record(Product product, SkuState state, int sequence) {
        return CatalogUpdate.newBuilder()
                .setEventId(idPrefix + "-cat-" + sequence)
                .setTenant(new Tenant(brandId, null))
                .setEventTime(state.from())
                .setSku(product.sku())
                .setName(product.name())
                .setCategory(product.category().code())
                .setPriceMinor(state.priceMinor())
                .setCurrency(Product.CURRENCY)
                .setStock(state.stock())
                .setActive(true)
                .setUrl(product.url())
                .setComplements(product.complements())
                .setAddOns(product.addOns())
                .setReplenishmentDays(product.replenishmentDays())
                .setUpgradeTo(product.upgradeTo())
                .setSeasonStart(Product.monthDay(product.seasonStart()))
                .setSeasonEnd(Product.monthDay(product.seasonEnd()))
                .build();
    }

    private SkuState stateAt(String sku, Instant at) {
        List<SkuState> states = timelines.get(sku);
        if (states == null) {
            throw new IllegalArgumentException("no sku " + sku + " in the catalog");
        }
        SkuState current = states.get(0);
        for (SkuState state : states) {
            if (state.from().isAfter(at)) {
                break;
            }
            current = state;
        }
        return current;
    }
}
