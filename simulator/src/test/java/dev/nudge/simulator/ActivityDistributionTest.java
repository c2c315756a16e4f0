package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.nudge.events.BrowseAction;
import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.LineItem;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SalesChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loose bounds on the shape of a default run: who buys, when, what, and how often again. */
class ActivityDistributionTest {

    private static final SimulationConfig CONFIG = SimulationConfig.defaults();
    private static Simulation simulation;
    private static Map<String, SimCustomer> customers;
    private static List<PurchaseEvent> purchases;
    private static List<BrowseEvent> browsing;

    @BeforeAll
    static void run() {
        simulation = Simulation.of(CONFIG);
        customers = simulation.population().customers().stream()
                .collect(Collectors.toMap(SimCustomer::customerId, Function.identity()));
        purchases = new ArrayList<>();
        browsing = new ArrayList<>();
        simulation.events().forEachRemaining(event -> {
            if (event.value() instanceof PurchaseEvent purchase) {
                purchases.add(purchase);
            } else if (event.value() instanceof BrowseEvent browse) {
                browsing.add(browse);
            }
        });
    }

    @Test
    void theTopTenthOfCustomersPlaceOverAThirdOfTheOrders() {
        List<Long> perCustomer = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseEvent::getCustomerId, Collectors.counting()))
                .values().stream().sorted(Comparator.reverseOrder()).toList();
        long total = perCustomer.stream().mapToLong(Long::longValue).sum();
        long topTenth = perCustomer.stream().limit(CONFIG.customers() / 10).mapToLong(Long::longValue).sum();

        System.out.printf("%,d orders; top 10%% of customers place %.0f%%%n", total, 100.0 * topTenth / total);
        assertThat(total).isBetween(2_000L, 6_000L);
        assertThat(topTenth / (double) total).isGreaterThan(0.35);
    }

    @Test
    void ordersPeakInTheLocalEvening() {
        long[] byLocalHour = new long[24];
        for (PurchaseEvent purchase : purchases) {
            byLocalHour[localTime(purchase.getCustomerId(), purchase.getEventTime()).getHour()]++;
        }
        long evening = byLocalHour[18] + byLocalHour[19] + byLocalHour[20] + byLocalHour[21];
        long lateMorning = byLocalHour[9] + byLocalHour[10] + byLocalHour[11] + byLocalHour[12];
        long night = byLocalHour[1] + byLocalHour[2] + byLocalHour[3] + byLocalHour[4];
        int peak = 0;
        for (int hour = 0; hour < 24; hour++) {
            peak = byLocalHour[hour] > byLocalHour[peak] ? hour : peak;
        }

        System.out.printf("orders 18-21h %d, 9-12h %d, 1-4h %d, peak at %d h%n", evening, lateMorning, night, peak);
        assertThat(peak).isBetween(18, 21);
        assertThat(evening).isGreaterThan(lateMorning * 3 / 2);
        assertThat(night * 5).isLessThan(lateMorning);
    }

    @Test
    void weekendsAreBusierAndPromotionDaysBurst() {
        ActivityCycles cycles = new ActivityCycles(CONFIG);
        Map<LocalDate, Long> browsePerLocalDate = browsing.stream().collect(Collectors.groupingBy(
                b -> localTime(b.getCustomerId(), b.getEventTime()).toLocalDate(), Collectors.counting()));
        List<Long> weekdays = new ArrayList<>();
        List<Long> weekends = new ArrayList<>();
        List<Long> promotions = new ArrayList<>();
        LocalDate first = CONFIG.start().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        for (LocalDate date = first; date.isBefore(first.plusDays(CONFIG.days() - 2)); date = date.plusDays(1)) {
            long count = browsePerLocalDate.getOrDefault(date, 0L);
            if (cycles.promoDates().contains(date)) {
                promotions.add(count);
            } else if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                weekends.add(count);
            } else {
                weekdays.add(count);
            }
        }
        double weekday = mean(weekdays);
        System.out.printf("browse events a day: weekday %.0f, weekend %.0f, promotion %s%n",
                weekday, mean(weekends), promotions);
        assertThat(mean(weekends)).isGreaterThan(weekday * 1.15);
        assertThat(promotions).isNotEmpty().allSatisfy(count -> assertThat(count).isGreaterThan((long) (weekday * 1.8)));
    }

    @Test
    void customersBuyMostlyFromCategoriesTheyLike() {
        long lines = 0;
        long liked = 0;
        for (PurchaseEvent purchase : purchases) {
            for (LineItem line : purchase.getLines()) {
                if (!line.getCategory().equals(Category.MEMBERSHIP.code())) {
                    lines++;
                    liked += customers.get(purchase.getCustomerId()).likedCategoryCodes().contains(line.getCategory()) ? 1 : 0;
                }
            }
        }
        System.out.printf("%.0f%% of lines in a liked category%n", 100.0 * liked / lines);
        assertThat(liked / (double) lines).isGreaterThan(0.7);
    }

    @Test
    void replenishableItemsAreBoughtAgainAroundTheirPeriodSomeLateSomeNever() {
        Simulation quarter = Simulation.of(CONFIG.withCustomers(600).withDays(120));
        Map<String, List<PurchaseEvent>> byCustomer = new HashMap<>();
        quarter.events().forEachRemaining(event -> {
            if (event.value() instanceof PurchaseEvent purchase) {
                byCustomer.computeIfAbsent(purchase.getCustomerId(), id -> new ArrayList<>()).add(purchase);
            }
        });
        List<Double> ratios = new ArrayList<>();
        long replenishableBought = 0;
        long boughtAgain = 0;
        for (List<PurchaseEvent> orders : byCustomer.values()) {
            Map<String, Instant> lastBought = new HashMap<>();
            Map<String, Integer> lastQuantity = new HashMap<>();
            for (PurchaseEvent order : orders) {
                for (LineItem line : order.getLines()) {
                    Product product = quarter.catalog().product(line.getSku());
                    if (!product.replenishable()) {
                        continue;
                    }
                    Instant previous = lastBought.put(line.getSku(), order.getEventTime());
                    if (previous != null) {
                        double days = Duration.between(previous, order.getEventTime()).toMinutes() / 1440.0;
                        ratios.add(days / (product.replenishmentDays() * lastQuantity.get(line.getSku())));
                        boughtAgain++;
                    }
                    replenishableBought++;
                    lastQuantity.put(line.getSku(), line.getQuantity());
                }
            }
        }
        Collections.sort(ratios);
        double median = ratios.get(ratios.size() / 2);
        long nearPeriod = ratios.stream().filter(r -> r >= 0.8 && r <= 1.6).count();
        long late = ratios.stream().filter(r -> r > 1.15 && r <= 1.6).count();

        System.out.printf("%d re-buys of %d replenishable lines; gap/period median %.2f, %.0f%% in 0.8-1.6, %.0f%% late%n",
                boughtAgain, replenishableBought, median, 100.0 * nearPeriod / ratios.size(), 100.0 * late / ratios.size());
        assertThat(median).isBetween(0.9, 1.3);
        assertThat(nearPeriod / (double) ratios.size()).isGreaterThan(0.6);
        assertThat(late).isPositive();
        assertThat(boughtAgain / (double) replenishableBought).isBetween(0.2, 0.8);
    }

    @Test
    void onlineOrdersFollowBrowsingAndSomeCartsAreAbandoned() {
        Map<String, List<BrowseEvent>> browseByCustomer = browsing.stream()
                .collect(Collectors.groupingBy(BrowseEvent::getCustomerId));
        Map<String, List<PurchaseEvent>> ordersByCustomer = purchases.stream()
                .collect(Collectors.groupingBy(PurchaseEvent::getCustomerId));

        List<PurchaseEvent> shopOrders = purchases.stream()
                .filter(p -> p.getChannel() != SalesChannel.IN_STORE)
                .filter(p -> p.getLines().stream().noneMatch(l -> l.getCategory().equals("membership")))
                .toList();
        long viewedFirst = shopOrders.stream().filter(order -> order.getLines().stream().allMatch(line ->
                browseByCustomer.getOrDefault(order.getCustomerId(), List.of()).stream().anyMatch(b ->
                        b.getAction() == BrowseAction.VIEW && line.getSku().equals(b.getSku())
                                && b.getEventTime().isBefore(order.getEventTime())
                                && b.getEventTime().isAfter(order.getEventTime().minus(Duration.ofHours(2))))))
                .count();

        List<BrowseEvent> cartAdds = browsing.stream().filter(b -> b.getAction() == BrowseAction.ADD_TO_CART).toList();
        long abandoned = cartAdds.stream().filter(add -> ordersByCustomer.getOrDefault(add.getCustomerId(), List.of())
                .stream().noneMatch(order -> order.getEventTime().isAfter(add.getEventTime())
                        && order.getEventTime().isBefore(add.getEventTime().plus(Duration.ofDays(2)))
                        && order.getLines().stream().anyMatch(l -> l.getSku().equals(add.getSku()))))
                .count();
        long inStore = purchases.stream().filter(p -> p.getChannel() == SalesChannel.IN_STORE).count();

        System.out.printf("%.0f%% of online orders viewed first; %.0f%% of cart adds abandoned; %d in-store orders%n",
                100.0 * viewedFirst / shopOrders.size(), 100.0 * abandoned / cartAdds.size(), inStore);
        assertThat(viewedFirst / (double) shopOrders.size()).isGreaterThan(0.95);
        assertThat(abandoned / (double) cartAdds.size()).isBetween(0.15, 0.8);
        assertThat(purchases).filteredOn(p -> p.getChannel() == SalesChannel.IN_STORE).allSatisfy(p -> {
            assertThat(p.getStoreId()).isIn(CONFIG.locationIds());
            assertThat(p.getTenant().getLocationId()).isEqualTo(p.getStoreId());
        });
        assertThat(inStore).isPositive();
    }

    @Test
    void nothingIsSoldOutOfStockOrOutOfSeasonAndPricesAreTheCatalogsAtTheTime() {
        SimCatalog catalog = simulation.catalog();
        long holidayBlend = 0;
        for (PurchaseEvent purchase : purchases) {
            long total = 0;
            for (LineItem line : purchase.getLines()) {
                assertThat(catalog.availableAt(line.getSku(), purchase.getEventTime()))
                        .as("%s at %s", line.getSku(), purchase.getEventTime()).isTrue();
                assertThat(line.getUnitPriceMinor()).isEqualTo(catalog.priceAt(line.getSku(), purchase.getEventTime()));
                total += line.getUnitPriceMinor() * line.getQuantity();
                holidayBlend += line.getSku().equals("cof-holiday-12") ? 1 : 0;
            }
            assertThat(purchase.getTotalMinor()).isEqualTo(total);
        }
        assertThat(holidayBlend).as("in season from Nov 15").isPositive();
    }

    @Test
    void membersRenewMonthlyAndSomeCustomersJoinOrGrantConsentAtCheckout() {
        List<CustomerEvent> customerEvents = new ArrayList<>();
        simulation.events().forEachRemaining(event -> {
            if (event.value() instanceof CustomerEvent customerEvent) {
                customerEvents.add(customerEvent);
            }
        });
        long members = customers.values().stream().filter(c -> c.planSku() != null).count();
        long renewals = customerEvents.stream()
                .filter(e -> e.getType() == CustomerEventType.RENEWAL).count();
        long checkoutGrants = customerEvents.stream()
                .filter(e -> e.getConsent() != null && e.getConsent().getEvidence().startsWith("order:")).count();
        long joins = customerEvents.stream()
                .filter(e -> e.getType() == CustomerEventType.PROFILE_CHANGED
                        && "club-basic".equals(e.getPlanSku())).count();

        System.out.printf("%d members, %d renewals, %d joins, %d consents at checkout%n",
                members, renewals, joins, checkoutGrants);
        assertThat(renewals).isBetween(members * 8 / 10, members);
        assertThat(joins).isPositive();
        assertThat(checkoutGrants).isPositive();
    }

    private static ZonedDateTime localTime(String customerId, Instant at) {
        return at.atZone(customers.get(customerId).zone());
    }

    private static double mean(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).average().orElse(0);
    }
}
