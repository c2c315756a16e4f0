package dev.nudge.domain.engine;

import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.engine.CustomerInput.Browsed;
import dev.nudge.domain.engine.CustomerInput.Changed;
import dev.nudge.domain.engine.CustomerInput.Engaged;
import dev.nudge.domain.engine.CustomerInput.PurchaseMade;
import dev.nudge.domain.event.BrowseKind;
import dev.nudge.domain.event.BrowseSignal;
import dev.nudge.domain.event.CustomerChange;
import dev.nudge.domain.event.CustomerChangeKind;
import dev.nudge.domain.event.Engagement;
import dev.nudge.domain.event.EngagementKind;
import dev.nudge.domain.event.Purchase;
import dev.nudge.domain.event.PurchaseLine;
import dev.nudge.domain.event.ReplyIntent;

import java.time.Duration;
import java.time.Instant;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One customer's random history: definitions and their updates, catalog changes, and events of every kind, some
 * arriving late (out of order by up to {@link #MAX_ARRIVAL_DELAY}, consent from the CRM up to two days), orders
 * replayed within {@link #REPLAY_WITHIN}, engagements replayed with their event ids, opt-outs of other numbers,
 * phone changes, erasures, and comebacks after the retention period; timers fire late by random amounts. {@link #play} feeds it all through an {@link EngineDriver} in arrival order.
 */
final class RandomCustomer {

    static final Duration MAX_ARRIVAL_DELAY = Duration.ofMinutes(45);
    private static final Instant EARLIEST_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration ACTIVE_PERIOD = Duration.ofDays(30);
    private static final Duration REPLAY_WITHIN = Duration.ofDays(3);

    private static final List<String> PHONES = List.of("+12125550101", "+12135550102", "+13055550103",
            "+12065550104", "+18005550105", "+447700900106", "+19995550107", "+18125550108", "+18505550109");
    private static final List<String> PROFILE_ZONES = Arrays.asList(null, null, null, "America/Chicago",
            "Europe/Berlin", "Not/AZone");
    private static final List<String> LOCATIONS = Arrays.asList(null, "store-1", "store-2");
    /** The brands a customer may belong to: each has its own caps, home zone and store windows in the test's settings. */
    static final List<String> BRANDS = List.of(EngineDriver.BRAND, "roastery");

    /** Something that happens at an arrival time: an engine input, or a change to the catalog or definitions. */
    private record Action(Instant arrival, Consumer<EngineDriver> apply) {}

    private final Random random;
    private final RandomDefinitions definitions;
    private final List<Action> actions = new ArrayList<>();
    private final List<Purchase> purchases = new ArrayList<>();
    private final List<Engaged> engagements = new ArrayList<>();
    private int engagementIds;
    private final Instant start;
    private final String brand;

    RandomCustomer(Random random) {
        this.random = random;
        this.brand = pick(BRANDS);
        this.definitions = new RandomDefinitions(random, brand);
        this.start = EARLIEST_START.plus(Duration.ofMinutes(random.nextInt(340 * 24 * 60)));
    }

    EngineDriver driver(EngineSettings settings, String customerId) {
        EngineDriver driver = new EngineDriver(settings, brand, customerId, start).atLocation(pick(LOCATIONS))
                .timersLate(this::timerLateness);
        CATALOG.forEach(driver.catalog()::put);
        List<RandomDefinitions.Kind> kinds = new ArrayList<>(List.of(RandomDefinitions.Kind.values()));
        Collections.shuffle(kinds, random);
        kinds.subList(0, 2 + random.nextInt(kinds.size() - 1)).forEach(kind -> driver.publish(definitions.first(kind)));
        return driver;
    }

    /** Plays the whole history, then lets the clock run until every pending step and the retention are long past. */
    void play(EngineDriver driver, Duration runOutAfterwards) {
        generate();
        actions.sort(Comparator.comparing(Action::arrival));
        for (Action action : actions) {
            driver.advanceTo(action.arrival());
            action.apply().accept(driver);
        }
        driver.advanceTo(driver.now().plus(runOutAfterwards));
    }

    /**
     * A first active month; for some customers a comeback after a quiet spell (long enough for their state to be
     * cleared, short enough for earlier texts to still count for the caps) and for some a CRM re-sending consent.
     */
    private void generate() {
        if (random.nextInt(20) < 19) {
            consent(start.plus(Duration.ofMinutes(random.nextInt(60))));
        }
        events(start, ACTIVE_PERIOD, 5 + random.nextInt(60));
        if (random.nextInt(10) < 4) {
            // Back after a quiet spell longer than the retention: their consent (or opt-out) must still be known.
            Instant comeback = start.plus(ACTIVE_PERIOD).plus(Duration.ofHours(random.nextInt(60 * 24)));
            if (random.nextBoolean()) {
                consent(comeback);
            }
            events(comeback, Duration.ofDays(3), 1 + random.nextInt(8));
        }
        if (random.nextInt(3) == 0) {
            profileSyncs();
        }
    }

    /** A CRM that re-sends the customer's consent and phone every few days, also after the engine forgot them. */
    private void profileSyncs() {
        String phone = pick(PHONES);
        String zone = pick(PROFILE_ZONES);
        for (int day = 0; day < 60; day += 5) {
            Instant at = start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(random.nextInt(24 * 60)));
            input(at, change(at, CustomerChangeKind.CONSENT_GRANTED, phone, zone));
        }
    }

    private void consent(Instant at) {
        input(at, change(at, CustomerChangeKind.CONSENT_GRANTED, pick(PHONES), pick(PROFILE_ZONES)));
    }

    private void events(Instant from, Duration period, int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(from.plus(Duration.ofMinutes(random.nextInt((int) period.toMinutes()))));
        }
        times.sort(Comparator.naturalOrder());
        for (Instant at : times) {
            int roll = random.nextInt(100);
            if (roll < 22) {
                purchase(at);
            } else if (roll < 44) {
                input(at, new Browsed(browse(at)));
            } else if (roll < 56) {
                input(at, engaged(at, EngagementKind.REPLIED, pick(Arrays.asList(ReplyIntent.values())), null));
            } else if (roll < 63) {
                input(at, engaged(at, EngagementKind.CLICKED, null, null));
            } else if (roll < 75) {
                catalogChange(at);
            } else if (roll < 80) {
                lifecycle(at);
            } else if (roll < 84) {
                definitionUpdate(at);
            } else if (roll < 87) {
                replayPurchase(at);
            } else {
                rareCustomerEvent(at);
            }
        }
    }

    private void purchase(Instant at) {
        List<PurchaseLine> lines = new ArrayList<>();
        for (int line = 0, count = 1 + random.nextInt(3); line < count; line++) {
            CatalogItem item = CATALOG.get(random.nextInt(CATALOG.size()));
            lines.add(new PurchaseLine(item.sku(), item.category(), random.nextInt(10) == 0 ? -1 : 1 + random.nextInt(3),
                    item.priceMinor()));
        }
        long total = lines.stream().filter(line -> line.quantity() > 0)
                .mapToLong(line -> line.quantity() * line.unitPriceMinor()).sum();
        Purchase purchase = new Purchase("order-" + purchases.size(), at, lines, total, "USD");
        purchases.add(purchase);
        input(at, new PurchaseMade(purchase));
    }

    /** An order of the last few days delivered again, as an at-least-once producer would. */
    private void replayPurchase(Instant at) {
        List<Purchase> recent = purchases.stream().filter(p -> p.at().isAfter(at.minus(REPLAY_WITHIN))).toList();
        if (!recent.isEmpty()) {
            Purchase original = recent.get(random.nextInt(recent.size()));
            actions.add(new Action(at, driver -> driver.deliver(new PurchaseMade(original))));
        }
    }

    private BrowseSignal browse(Instant at) {
        CatalogItem item = CATALOG.get(random.nextInt(CATALOG.size()));
        int roll = random.nextInt(20);
        BrowseKind kind = roll < 10 ? BrowseKind.VIEW : roll < 15 ? BrowseKind.ADD_TO_CART
                : roll < 18 ? BrowseKind.REMOVE_FROM_CART : BrowseKind.SEARCH;
        return kind == BrowseKind.SEARCH ? new BrowseSignal(at, kind, null, item.category(), "query")
                : new BrowseSignal(at, kind, item.sku(), item.category(), null);
    }

    private void lifecycle(Instant at) {
        CustomerChangeKind kind = pick(List.of(CustomerChangeKind.SIGN_UP, CustomerChangeKind.RENEWAL,
                CustomerChangeKind.USAGE_MILESTONE));
        input(at, new Changed(new CustomerChange(at, kind, null, null, null, null, null, null,
                kind == CustomerChangeKind.USAGE_MILESTONE ? pick(List.of("cups-100", "cups-50")) : null,
                kind == CustomerChangeKind.RENEWAL ? pick(List.of("PLAN-BASIC", "PLAN-PRO")) : null)));
    }

    private void rareCustomerEvent(Instant at) {
        switch (random.nextInt(20)) {
            case 0, 1, 2 -> consent(at);
            case 3, 4 -> input(at, change(at, CustomerChangeKind.PROFILE_CHANGED, pick(PHONES), pick(PROFILE_ZONES)));
            case 5 -> input(at, change(at, CustomerChangeKind.CONSENT_REVOKED, null, null));
            case 6, 14 -> consentEngagement(at, EngagementKind.OPTED_OUT, ReplyIntent.NEGATIVE);
            case 7, 15 -> consentEngagement(at, EngagementKind.OPTED_IN, ReplyIntent.POSITIVE);
            case 16 -> replayEngagement(at);
            case 17 -> staleConsent(at);
            case 18 -> consentNamingAnotherPhone(at);
            case 19 -> {
                if (random.nextInt(4) == 0) {
                    input(at, change(at, CustomerChangeKind.CUSTOMER_ERASED, null, null));
                }
            }
            case 8, 9 -> input(at, engaged(at, EngagementKind.HELP, null, null));
            case 10 -> input(at, engaged(at, EngagementKind.FAILED, null, Exits.TWILIO_UNSUBSCRIBED));
            case 11 -> input(at, engaged(at, EngagementKind.UNDELIVERED, null, Exits.TWILIO_INVALID_NUMBER));
            default -> input(at, engaged(at, EngagementKind.FAILED, null, 30003));
        }
    }

    /** A STOP or START, from the profile's phone or now and then from another number the customer used. */
    private void consentEngagement(Instant at, EngagementKind kind, ReplyIntent intent) {
        String phone = random.nextInt(4) == 0 ? pick(PHONES) : null;
        Engaged engaged = new Engaged(new Engagement(at, kind, null, null, null, intent, null,
                "engagement-" + engagementIds++, phone));
        engagements.add(engaged);
        input(at, engaged);
    }

    /** An engagement (a STOP, a START, a reply) delivered again later: another replica, a restart, an evicted cache. */
    private void replayEngagement(Instant at) {
        if (!engagements.isEmpty()) {
            Engaged original = engagements.get(random.nextInt(engagements.size()));
            actions.add(new Action(at, driver -> driver.deliver(original)));
        }
    }

    /** A consent the CRM recorded up to two days ago, arriving only now (possibly after a STOP that followed it). */
    private void staleConsent(Instant at) {
        Instant happened = at.minus(Duration.ofMinutes(random.nextInt(2 * 24 * 60)));
        actions.add(new Action(at, driver -> driver.deliver(change(happened, CustomerChangeKind.CONSENT_GRANTED,
                null, null))));
    }

    /** Consent for a number that may not be the profile's (the event names it, so it becomes the profile's). */
    private void consentNamingAnotherPhone(Instant at) {
        input(at, change(at, CustomerChangeKind.CONSENT_GRANTED, pick(PHONES), null));
    }

    private void catalogChange(Instant at) {
        String sku = CATALOG.get(random.nextInt(CATALOG.size())).sku();
        int roll = random.nextInt(4);
        int stock = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(9);
        long price = 200 + random.nextInt(30) * 100L;
        boolean active = random.nextInt(4) != 0;
        actions.add(new Action(at, driver -> {
            switch (roll) {
                case 0 -> driver.catalog().setStock(sku, stock);
                case 1 -> driver.catalog().setActive(sku, active);
                default -> driver.catalog().setPrice(sku, price);
            }
        }));
    }

    /** A new version of a sequence; a pause is always lifted again later, so no customer waits forever. */
    private void definitionUpdate(Instant at) {
        List<String> ids = definitions.ids();
        if (ids.isEmpty()) {
            return;
        }
        String id = pick(ids);
        int roll = random.nextInt(10);
        String status = roll < 7 ? "LIVE" : roll < 9 ? "PAUSED" : "RETIRED";
        // Written when played, in arrival order, so every version is newer than the one before.
        actions.add(new Action(at, driver -> driver.publish(definitions.next(id, status))));
        if (!status.equals("LIVE")) {
            actions.add(new Action(at.plus(Duration.ofHours(1 + random.nextInt(72))),
                    driver -> driver.publish(definitions.next(id, "LIVE"))));
        }
    }

    private void input(Instant at, CustomerInput input) {
        Duration delay = random.nextInt(5) == 0
                ? Duration.ofSeconds(random.nextInt((int) MAX_ARRIVAL_DELAY.toSeconds()))
                : Duration.ZERO;
        actions.add(new Action(at.plus(delay), driver -> driver.deliver(input)));
    }

    private Duration timerLateness() {
        int roll = random.nextInt(100);
        if (roll < 70) {
            return Duration.ZERO;
        }
        if (roll < 90) {
            return Duration.ofSeconds(random.nextInt(600));
        }
        return roll < 98 ? Duration.ofMinutes(random.nextInt(6 * 60)) : Duration.ofMinutes(random.nextInt(3 * 24 * 60));
    }

    private static Changed change(Instant at, CustomerChangeKind kind, String phone, String zone) {
        return new Changed(new CustomerChange(at, kind, phone, zone, null, null, "Ana", null, null, null));
    }

    private Engaged engaged(Instant at, EngagementKind kind, ReplyIntent intent, Integer errorCode) {
        Engaged engaged = new Engaged(new Engagement(at, kind, null, null, null, intent, errorCode,
                "engagement-" + engagementIds++, null));
        engagements.add(engaged);
        return engaged;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** The shop: coffee and equipment with relations, replenishable items, plans, a seasonal item, a linkless one. */
    private static final List<CatalogItem> CATALOG = List.of(
            item("BEANS-A", "coffee", 1800, 20, List.of("FILTER", "GRINDER"), List.of("CANISTER"), null),
            item("BEANS-B", "coffee", 2200, 25, List.of("FILTER"), List.of("CANISTER", "MUG"), null),
            item("DECAF", "coffee", 1900, 30, List.of("FILTER"), List.of(), null),
            item("FILTER", "equipment", 1250, 60, List.of("BEANS-A"), List.of(), null),
            item("GRINDER", "equipment", 8900, null, List.of("BEANS-B"), List.of("BRUSH"), "GRINDER-PRO"),
            item("GRINDER-PRO", "equipment", 15900, null, List.of(), List.of("BRUSH"), null),
            linkless(item("CANISTER", "equipment", 2400, null, List.of(), List.of(), null)),
            seasonal(item("BRUSH", "equipment", 500, null, List.of(), List.of(), null)),
            item("MUG", "equipment", 900, null, List.of("BEANS-B"), List.of(), null),
            item("TEA", "tea", 1500, 15, List.of(), List.of(), null),
            item("PLAN-BASIC", "membership", 900, null, List.of(), List.of(), "PLAN-PRO"),
            item("PLAN-PRO", "membership", 1900, null, List.of(), List.of(), null));

    private static CatalogItem item(String sku, String category, long price, Integer replenishmentDays,
                                    List<String> complements, List<String> addOns, String upgradeTo) {
        return new CatalogItem(sku, "Name of " + sku, category, price, "USD", 10, true, "https://shop.example/p/" + sku,
                complements, addOns, replenishmentDays, upgradeTo, null, null);
    }

    private static CatalogItem linkless(CatalogItem i) {
        return new CatalogItem(i.sku(), i.name(), i.category(), i.priceMinor(), i.currency(), i.stock(), i.active(), null,
                i.complements(), i.addOns(), i.replenishmentDays(), i.upgradeTo(), i.seasonStart(), i.seasonEnd());
    }

    private static CatalogItem seasonal(CatalogItem i) {
        return new CatalogItem(i.sku(), i.name(), i.category(), i.priceMinor(), i.currency(), i.stock(), i.active(), i.url(),
                i.complements(), i.addOns(), i.replenishmentDays(), i.upgradeTo(), MonthDay.of(11, 1), MonthDay.of(2, 28));
    }
}
