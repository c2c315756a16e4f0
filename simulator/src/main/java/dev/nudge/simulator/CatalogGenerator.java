package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.nudge.simulator.SimCatalog.SkuState;

/**
 * Makes the catalog of a run: the {@linkplain Assortment standard assortment} with seeded starting stock, and over
 * the run a few price changes (about one every six days) and stock-outs (about one every eight days, each
 * restocked two to six days later, if the run lasts that long). Memberships never change.
 */
public final class CatalogGenerator {

    private static final double[] PRICE_FACTORS = {0.85, 0.9, 1.05, 1.1};
    private static final int MEMBERSHIP_STOCK = 1_000_000;

    private CatalogGenerator() {
    }

    public static SimCatalog generate(SimulationConfig config) {
        RandomSource random = RandomSource.of(config.seed()).derive("catalog");
        List<Product> products = Assortment.standard();
        List<Product> changeable = products.stream().filter(p -> p.category() != Category.MEMBERSHIP).toList();

        Map<String, List<SkuState>> timelines = new HashMap<>();
        for (Product product : products) {
            int stock = product.category() == Category.MEMBERSHIP ? MEMBERSHIP_STOCK : random.between(30, 400);
            timelines.put(product.sku(), new ArrayList<>(
                    List.of(new SkuState(config.start(), product.priceMinor(), stock))));
        }

        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < Math.max(2, config.days() / 6); i++) {
            Product product = random.pick(changeable);
            double factor = PRICE_FACTORS[random.nextInt(PRICE_FACTORS.length)];
            changes.add(new Change(timeDuringRun(config, random), product.sku(), retailPrice(product.priceMinor() * factor), null));
        }
        for (int i = 0; i < Math.max(1, config.days() / 8); i++) {
            Product product = random.pick(changeable);
            Instant soldOut = timeDuringRun(config, random);
            changes.add(new Change(soldOut, product.sku(), null, 0));
            Instant restocked = soldOut.plus(Duration.ofDays(random.between(2, 6)));
            if (restocked.isBefore(config.end())) {
                changes.add(new Change(restocked, product.sku(), null, random.between(50, 300)));
            }
        }
        changes.sort(Comparator.comparing(Change::at));
        for (Change change : changes) {
            List<SkuState> states = timelines.get(change.sku());
            SkuState last = states.get(states.size() - 1);
            states.add(new SkuState(change.at(),
                    change.priceMinor() != null ? change.priceMinor() : last.priceMinor(),
                    change.stock() != null ? change.stock() : last.stock()));
        }
        return new SimCatalog(config.brandId(), Ids.prefix(config.seed()), products, timelines);
    }

    /** A whole minute between the end of the first day and an hour before the end of the run. */
    private static Instant timeDuringRun(SimulationConfig config, RandomSource random) {
        Instant from = config.start().plus(Duration.ofDays(1));
        long span = Math.max(1, Duration.between(from, config.end().minus(Duration.ofHours(1))).toMinutes());
        return from.plus(Duration.ofMinutes((long) (random.nextDouble() * span))).truncatedTo(ChronoUnit.MINUTES);
    }

    /** Shop prices end in 95 cents: 17.42 becomes 16.95. */
    private static long retailPrice(double minor) {
        return Math.max(95, Math.round(minor / 100.0) * 100 - 5);
    }

    private record Change(Instant at, String sku, Long priceMinor, Integer stock) {
    }
}
