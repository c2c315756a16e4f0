package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import dev.nudge.events.BrowseAction;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.LineItem;
import dev.nudge.events.SalesChannel;
import org.apache.avro.specific.SpecificRecord;

/**
 * One customer's shopping over the run, a day at a time: spontaneous orders and browse sessions drawn from the
 * activity cycles, re-buys of replenishable items when they run out, returns to abandoned carts and membership
 * renewals. Everything it draws comes from the customer's own random stream, so one customer's life does not
 * depend on any other's.
 */
final class Shopper {

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final Duration MEMBERSHIP_PERIOD = Duration.ofDays(30);
    /** Weight of a category the customer does not care for, against 1 for each liked one. */
    private static final double UNLIKED_CATEGORY_WEIGHT = 0.03;
    private static final List<Category> SHOP_CATEGORIES = List.of(Category.COFFEE, Category.TEA,
            Category.EQUIPMENT, Category.PET_FOOD, Category.SKINCARE);
    private static final Map<Category, List<String>> SEARCHES = new EnumMap<>(Map.of(
            Category.COFFEE, List.of("decaf", "espresso", "single origin", "dark roast", "whole bean"),
            Category.TEA, List.of("green tea", "chai", "matcha", "herbal tea"),
            Category.EQUIPMENT, List.of("grinder", "pour over", "kettle", "french press", "mug"),
            Category.PET_FOOD, List.of("dog food", "cat food", "grain free", "dog treats"),
            Category.SKINCARE, List.of("sunscreen", "moisturizer", "vitamin c", "sensitive skin")));

    private enum Kind { ORDER, BROWSE, REFILL, RETURN_TO_CART, RENEWAL }

    /** Something the customer will do at {@code at}; {@code product} for refills and cart returns. */
    private record Occasion(Instant at, long sequence, Kind kind, Product product, int quantity) {
    }

    private final SimCustomer customer;
    private final RandomSource random;
    private final SimCatalog catalog;
    private final ActivityCycles cycles;
    private final EventFactory events;
    private final SimulationConfig config;

    private final PriorityQueue<Occasion> agenda = new PriorityQueue<>(
            Comparator.comparing(Occasion::at).thenComparingLong(Occasion::sequence));
    /** The pending re-buy of each replenishable sku; a newer purchase replaces it. */
    private final Map<String, Occasion> refills = new HashMap<>();
    private long occasionCount;
    private int eventCount;
    private int orderCount;
    private String planSku;
    private boolean consented;
    private Consumer<SimEvent> out;

    Shopper(SimCustomer customer, RandomSource random, SimCatalog catalog, ActivityCycles cycles,
            EventFactory events, SimulationConfig config) {
        this.customer = customer;
        this.random = random;
        this.catalog = catalog;
        this.cycles = cycles;
        this.events = events;
        this.config = config;
        this.consented = customer.consentAtSignUp();
        this.planSku = customer.planSku();
        if (planSku != null) {
            long intoPeriod = (long) (random.nextDouble() * MEMBERSHIP_PERIOD.toMillis());
            schedule(config.start().plus(Duration.ofHours(2)).plusMillis(intoPeriod), Kind.RENEWAL, null, 0);
        }
    }

    /** Lives through [dayStart, dayEnd), handing each event to {@code out}; events may fall after dayEnd. */
    void simulateDay(Instant dayStart, Instant dayEnd, Consumer<SimEvent> out) {
        this.out = out;
        for (Instant at : occurrences(config.purchaseRate(), dayStart, dayEnd)) {
            schedule(at, Kind.ORDER, null, 0);
        }
        for (Instant at : occurrences(config.browseRate(), dayStart, dayEnd)) {
            schedule(at, Kind.BROWSE, null, 0);
        }
        while (!agenda.isEmpty() && agenda.peek().at().isBefore(dayEnd)) {
            Occasion occasion = agenda.poll();
            switch (occasion.kind()) {
                case ORDER -> order(occasion.at(), null, 0);
                case BROWSE -> browse(occasion.at());
                case REFILL -> refill(occasion);
                case RETURN_TO_CART -> order(occasion.at(), occasion.product(), occasion.quantity());
                case RENEWAL -> renew(occasion.at());
            }
        }
    }

    /** Times in the day drawn from the activity cycles by thinning, at {@code monthlyRate} × activity weight. */
    private List<Instant> occurrences(double monthlyRate, Instant dayStart, Instant dayEnd) {
        long span = Duration.between(dayStart, dayEnd).toMillis();
        double mean = monthlyRate / 30 * customer.activityWeight() * cycles.peak() * span / DAY_MILLIS;
        int candidates = random.poisson(mean);
        Instant earliest = customer.signUpAt().plus(Duration.ofMinutes(1));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            Instant at = dayStart.plusMillis((long) (random.nextDouble() * span));
            boolean accepted = random.nextDouble() * cycles.peak() < cycles.factor(at, customer.zone());
            if (accepted && !at.isBefore(earliest)) {
                times.add(at);
            }
        }
        return times;
    }

    private void order(Instant at, Product chosen, int chosenQuantity) {
        Product main = chosen != null ? chosen : pickProduct(at);
        if (main == null || !catalog.availableAt(main.sku(), at)) {
            return;
        }
        Map<Product, Integer> basket = new LinkedHashMap<>();
        basket.put(main, chosen != null ? chosenQuantity : quantity());
        if (random.chance(0.3)) {
            addRelated(basket, main.addOns(), at);
        }
        if (random.chance(0.12)) {
            addRelated(basket, main.complements(), at);
        }
        if (random.chance(0.1)) {
            Product another = pickProduct(at);
            if (another != null) {
                basket.putIfAbsent(another, 1);
            }
        }
        int hour = at.atZone(customer.zone()).getHour();
        boolean inStore = chosen == null && hour >= 7 && hour < 20 && random.chance(0.25);
        SalesChannel channel = inStore ? SalesChannel.IN_STORE : random.chance(0.25) ? SalesChannel.APP : SalesChannel.ONLINE;
        boolean joins = !inStore && planSku == null && customer.likes().contains(Category.COFFEE) && random.chance(0.01);
        if (joins) {
            basket.put(catalog.product(Assortment.MEMBERSHIP_LADDER.get(0)), 1);
        }

        Instant paidAt = inStore ? at : browseBeforeCheckout(at, basket.keySet());
        // Priced when paid; whatever sold out while the customer browsed is dropped.
        List<LineItem> lines = basket.entrySet().stream()
                .filter(item -> catalog.availableAt(item.getKey().sku(), paidAt))
                .map(item -> EventFactory.line(item.getKey(), item.getValue(), catalog.priceAt(item.getKey().sku(), paidAt)))
                .toList();
        if (lines.isEmpty()) {
            return;
        }
        String orderId = events.id(customer.customerId(), "o" + (++orderCount));
        emit(events.purchase(customer.customerId(), nextLabel(), orderId, paidAt, lines, channel,
                inStore ? customer.homeLocation() : null), paidAt);
        if (joins) {
            changePlan(Assortment.MEMBERSHIP_LADDER.get(0), paidAt);
        }
        if (!inStore && !consented && random.chance(0.1)) {
            consented = true;
            Instant grantedAt = paidAt.plusSeconds(2);
            emit(events.customerEvent(customer.customerId(), nextLabel(), grantedAt, CustomerEventType.CONSENT_GRANTED)
                    .setPhoneE164(customer.phoneE164())
                    .setConsent(new ConsentChange("checkout_form", "order:" + orderId, grantedAt))
                    .build(), grantedAt);
        }
        for (LineItem line : lines) {
            scheduleRefill(catalog.product(line.getSku()), line.getQuantity(), paidAt);
        }
    }

    /** Views and cart adds for each product, a minute or so apart; returns when the order is paid. */
    private Instant browseBeforeCheckout(Instant start, Collection<Product> basket) {
        Instant cursor = start;
        if (random.chance(0.25)) {
            Category category = basket.iterator().next().category();
            emitBrowse(cursor, BrowseAction.SEARCH, null, category, random.pick(SEARCHES.get(category)));
            cursor = pause(cursor);
        }
        for (Product product : basket) {
            emitBrowse(cursor, BrowseAction.VIEW, product, null, null);
            cursor = pause(cursor);
            emitBrowse(cursor, BrowseAction.ADD_TO_CART, product, null, null);
            cursor = pause(cursor);
        }
        return cursor.plusSeconds(20 + (long) random.exponential(90));
    }

    /** Looks around a category; sometimes carts something and leaves, sometimes comes back for it later. */
    private void browse(Instant at) {
        Category category = pickCategory();
        Instant cursor = at;
        if (random.chance(0.3)) {
            emitBrowse(cursor, BrowseAction.SEARCH, null, category, random.pick(SEARCHES.get(category)));
            cursor = pause(cursor);
        }
        Product viewed = null;
        int views = 1;
        while (views < 8 && random.chance(0.55)) {
            views++;
        }
        for (int i = 0; i < views; i++) {
            Product product = pickFromShelf(category, cursor);
            if (product != null) {
                viewed = product;
                emitBrowse(cursor, BrowseAction.VIEW, product, null, null);
                cursor = pause(cursor);
            }
        }
        if (viewed == null || !random.chance(0.35)) {
            return;
        }
        emitBrowse(cursor, BrowseAction.ADD_TO_CART, viewed, null, null);
        cursor = pause(cursor);
        if (random.chance(0.15)) {
            emitBrowse(cursor, BrowseAction.REMOVE_FROM_CART, viewed, null, null);
        } else if (random.chance(0.3)) {
            Instant earliest = cursor.plus(Duration.ofHours(2));
            LocalDate day = cursor.atZone(customer.zone()).toLocalDate().plusDays(random.nextInt(2));
            Instant back = likelyTimeOn(day);
            while (back.isBefore(earliest)) {
                day = day.plusDays(1);
                back = likelyTimeOn(day);
            }
            schedule(back, Kind.RETURN_TO_CART, viewed, 1);
        }
    }

    private void refill(Occasion occasion) {
        if (refills.get(occasion.product().sku()) != occasion) {
            return;
        }
        refills.remove(occasion.product().sku());
        if (catalog.availableAt(occasion.product().sku(), occasion.at())) {
            order(occasion.at(), occasion.product(), occasion.quantity());
        } else if (random.chance(0.7)) {
            // Out of stock or out of season: most wait a few days and try again, the rest give up.
            Instant retry = occasion.at().plus(Duration.ofDays(random.between(1, 3)));
            refills.put(occasion.product().sku(), schedule(retry, Kind.REFILL, occasion.product(), occasion.quantity()));
        }
    }

    private void renew(Instant at) {
        Product plan = catalog.product(planSku);
        boolean upgrades = plan.upgradeTo() != null && random.chance(0.05);
        if (upgrades) {
            plan = catalog.product(plan.upgradeTo());
            changePlan(plan.sku(), at);
        } else {
            emit(events.customerEvent(customer.customerId(), nextLabel(), at, CustomerEventType.RENEWAL)
                    .setTier(SimCustomer.tierOf(planSku))
                    .setPlanSku(planSku)
                    .build(), at);
            schedule(at.plus(MEMBERSHIP_PERIOD), Kind.RENEWAL, null, 0);
        }
        String orderId = events.id(customer.customerId(), "o" + (++orderCount));
        emit(events.purchase(customer.customerId(), nextLabel(), orderId, at,
                List.of(EventFactory.line(plan, 1, catalog.priceAt(plan.sku(), at))), SalesChannel.ONLINE, null), at);
    }

    /** Joins or upgrades the membership: a profile change now, the first renewal a period later. */
    private void changePlan(String newPlanSku, Instant at) {
        planSku = newPlanSku;
        emit(events.customerEvent(customer.customerId(), nextLabel(), at, CustomerEventType.PROFILE_CHANGED)
                .setTier(SimCustomer.tierOf(newPlanSku))
                .setPlanSku(newPlanSku)
                .build(), at);
        agenda.removeIf(occasion -> occasion.kind() == Kind.RENEWAL);
        schedule(at.plus(MEMBERSHIP_PERIOD), Kind.RENEWAL, null, 0);
    }

    /**
     * Plans the re-buy of a replenishable item for when it runs out (period × quantity, stretched by how late the
     * customer tends to be and a little noise), at a likely hour of that local day. Some customers never re-buy.
     */
    private void scheduleRefill(Product product, int quantity, Instant boughtAt) {
        if (!product.replenishable()) {
            return;
        }
        if (!random.chance(customer.rebuyProbability())) {
            refills.remove(product.sku());
            return;
        }
        double days = product.replenishmentDays() * quantity * customer.lateness() * random.logNormal(1.0, 0.12);
        Instant runsOut = boughtAt.plusMillis((long) (days * DAY_MILLIS));
        Instant at = likelyTimeOn(runsOut.atZone(customer.zone()).toLocalDate());
        Instant earliest = boughtAt.plus(Duration.ofDays(1));
        refills.put(product.sku(), schedule(at.isBefore(earliest) ? earliest : at, Kind.REFILL, product, quantity));
    }

    /** A time on the customer's local {@code date}, at an hour drawn from the daily cycle. */
    private Instant likelyTimeOn(LocalDate date) {
        return date.atTime(cycles.sampleHour(random), random.nextInt(60), random.nextInt(60))
                .atZone(customer.zone()).toInstant();
    }

    private Category pickCategory() {
        double[] weights = new double[SHOP_CATEGORIES.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = customer.likes().contains(SHOP_CATEGORIES.get(i)) ? 1.0 : UNLIKED_CATEGORY_WEIGHT;
        }
        return SHOP_CATEGORIES.get(random.weightedIndex(weights));
    }

    private Product pickProduct(Instant at) {
        return pickFromShelf(pickCategory(), at);
    }

    /**
     * A product of the category by popularity, among those available at {@code at}. Items the customer still has
     * (a re-buy pending) are mostly passed over.
     */
    private Product pickFromShelf(Category category, Instant at) {
        List<Product> shelf = catalog.shelf(category);
        double[] weights = new double[shelf.size()];
        boolean any = false;
        for (int i = 0; i < weights.length; i++) {
            Product product = shelf.get(i);
            boolean stillHasIt = refills.containsKey(product.sku());
            if (catalog.availableAt(product.sku(), at)) {
                weights[i] = product.popularity() * (stillHasIt ? 0.2 : 1.0);
                any = true;
            }
        }
        return any ? shelf.get(random.weightedIndex(weights)) : null;
    }

    private void addRelated(Map<Product, Integer> basket, List<String> skus, Instant at) {
        if (skus.isEmpty()) {
            return;
        }
        Product related = catalog.product(random.pick(skus));
        if (catalog.availableAt(related.sku(), at)) {
            basket.putIfAbsent(related, 1);
        }
    }

    private int quantity() {
        double draw = random.nextDouble();
        return draw < 0.85 ? 1 : draw < 0.97 ? 2 : 3;
    }

    private Instant pause(Instant cursor) {
        return cursor.plusMillis(5_000 + (long) (random.exponential(60) * 1000));
    }

    private void emitBrowse(Instant at, BrowseAction action, Product product, Category category, String query) {
        emit(events.browse(customer.customerId(), nextLabel(), at, action, product, category, query), at);
    }

    private void emit(SpecificRecord record, Instant at) {
        out.accept(SimEvent.of(customer.customerId(), record, at));
    }

    private Occasion schedule(Instant at, Kind kind, Product product, int quantity) {
        Occasion occasion = new Occasion(at, occasionCount++, kind, product, quantity);
        agenda.add(occasion);
        return occasion;
    }

    private String nextLabel() {
        return "e" + (++eventCount);
    }
}
