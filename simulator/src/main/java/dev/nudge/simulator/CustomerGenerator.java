package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.nudge.events.ConsentChange;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;

/**
 * Makes the customers of a run and their life-cycle events: a sign-up each (existing customers are imported in
 * the run's first hour, new ones sign up during it), a consent grant with its evidence for those who agree, and
 * over the run a few consent revocations (about 1.5% of consenting customers a month) and profile changes
 * (about 3% a month: a new locale, a first name, a time zone added to the profile).
 *
 * <p>Phone numbers are {@code +1 <area code> 555 01xx} (555-0100 to 555-0199 are reserved for fiction), moving on
 * to 555-02xx and up only when an area code has more than a hundred customers.
 */
public final class CustomerGenerator {

    /** The chance a customer likes each category (at least one is liked; coffee if the draw gave none). */
    private static final Map<Category, Double> LIKE_CHANCES = Map.of(Category.COFFEE, 0.8, Category.TEA, 0.35,
            Category.EQUIPMENT, 0.3, Category.PET_FOOD, 0.22, Category.SKINCARE, 0.25);
    /** Heavy customers are capped: nobody places more than this many times the average customer's orders. */
    static final double MAX_ACTIVITY_WEIGHT = 25;
    /** Of the customers with a profile zone, this share moved and kept a phone number from another zone. */
    private static final double MOVED_SHARE = 0.08;
    private static final double MONTHLY_REVOCATION = 0.015;
    private static final double MONTHLY_PROFILE_CHANGE = 0.03;
    private static final List<String> PLAN_LADDER = Assortment.MEMBERSHIP_LADDER;
    private static final double[] PLAN_SHARES = {0.6, 0.3, 0.1};

    private static final List<String> ENGLISH_NAMES = List.of("James", "Mary", "Robert", "Patricia", "John",
            "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
            "Jessica", "Thomas", "Sarah", "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty",
            "Mark", "Sandra", "Steven", "Ashley", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kevin",
            "Amanda", "Brian", "Melissa", "Ryan", "Stephanie", "Jacob", "Rebecca", "Noah", "Olivia", "Ethan", "Emma",
            "Liam", "Ava", "Mei", "Priya", "Aiden", "Leilani", "Kai", "Nora");
    private static final List<String> SPANISH_NAMES = List.of("José", "María", "Juan", "Guadalupe", "Luis",
            "Carmen", "Carlos", "Ana", "Jorge", "Rosa", "Miguel", "Elena", "Alejandro", "Sofía", "Diego", "Lucía",
            "Javier", "Valentina", "Fernando", "Isabella", "Andrés", "Camila", "Ricardo", "Gabriela", "Mateo",
            "Daniela", "Santiago", "Ximena");
    private static final Map<String, String> NICKNAMES = Map.of("Robert", "Bob", "William", "Bill",
            "Elizabeth", "Liz", "Michael", "Mike", "Jennifer", "Jen", "Alejandro", "Alex", "Guadalupe", "Lupe",
            "Daniel", "Dan", "Rebecca", "Becca", "Joseph", "Joe");

    private CustomerGenerator() {
    }

    /** The customers of a run, and their life-cycle events in time order. */
    public record Population(List<SimCustomer> customers, List<SimEvent> lifecycle) {
        public Population {
            customers = List.copyOf(customers);
            lifecycle = List.copyOf(lifecycle);
        }
    }

    public static Population generate(SimulationConfig config) {
        RandomSource root = RandomSource.of(config.seed());
        double[] weights = activityWeights(config.customers(), config.activitySkew(), root.derive("activity"));
        EventFactory events = new EventFactory(config.brandId(), Ids.prefix(config.seed()));
        Map<String, Integer> linesUsed = new HashMap<>();
        List<SimCustomer> customers = new ArrayList<>();
        List<SimEvent> lifecycle = new ArrayList<>();
        for (int i = 0; i < config.customers(); i++) {
            String customerId = customerId(i);
            RandomSource random = root.derive("customer:" + customerId);
            SimCustomer customer = customer(config, i, customerId, weights[i], random, linesUsed);
            customers.add(customer);
            lifecycle.addAll(lifecycle(config, customer, random, events));
        }
        lifecycle.sort(Comparator.comparing(SimEvent::eventTime));
        return new Population(customers, lifecycle);
    }

    static String customerId(int index) {
        return String.format("c%05d", index + 1);
    }

    /**
     * Zipf weights over a seeded shuffle of ranks (so the heaviest customer is not always c00001), scaled to a
     * mean of 1 and capped at {@link #MAX_ACTIVITY_WEIGHT}.
     */
    static double[] activityWeights(int customers, double skew, RandomSource random) {
        int[] ranks = new int[customers];
        for (int i = 0; i < customers; i++) {
            ranks[i] = i + 1;
        }
        for (int i = customers - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = ranks[i];
            ranks[i] = ranks[j];
            ranks[j] = swap;
        }
        double sum = 0;
        for (int rank = 1; rank <= customers; rank++) {
            sum += Math.pow(rank, -skew);
        }
        double mean = sum / customers;
        double[] weights = new double[customers];
        for (int i = 0; i < customers; i++) {
            weights[i] = Math.min(MAX_ACTIVITY_WEIGHT, Math.pow(ranks[i], -skew) / mean);
        }
        return weights;
    }

    private static SimCustomer customer(SimulationConfig config, int index, String customerId, double weight,
                                        RandomSource random, Map<String, Integer> linesUsed) {
        String locale = pickLocale(config, random);
        boolean spanishName = random.chance(locale.startsWith("es") ? 0.75 : 0.08);
        String firstName = random.pick(spanishName ? SPANISH_NAMES : ENGLISH_NAMES);

        int zoneIndex = random.weightedIndex(UsAreaCodes.shares());
        ZoneId zone = UsAreaCodes.ZONES.get(zoneIndex).zone();
        boolean declaresZone = random.chance(config.profileTimeZoneShare());
        int phoneZoneIndex = zoneIndex;
        if (declaresZone && random.chance(MOVED_SHARE)) {
            while (phoneZoneIndex == zoneIndex) {
                phoneZoneIndex = random.weightedIndex(UsAreaCodes.shares());
            }
        }
        String areaCode = random.pick(UsAreaCodes.ZONES.get(phoneZoneIndex).areaCodes());
        int line = linesUsed.merge(areaCode, 1, Integer::sum) + 99;
        String phone = String.format("+1%s555%04d", areaCode, line);

        boolean existing = !random.chance(config.newCustomerShare());
        Instant signUpAt = existing ? importTime(config, index) : signUpDuringRun(config, random);
        String planSku = existing && random.chance(config.memberShare())
                ? PLAN_LADDER.get(random.weightedIndex(PLAN_SHARES)) : null;
        boolean consent = random.chance(config.consentShare());

        double rebuyProbability = random.chance(0.15) ? 0 : random.uniform(0.75, 0.95);
        double lateness = random.chance(0.7) ? 1.0 : random.uniform(1.1, 1.5);
        return new SimCustomer(customerId, firstName, phone, zone, declaresZone ? zone.getId() : null, locale,
                random.pick(config.locationIds()), planSku, consent, signUpAt, weight, likes(random),
                rebuyProbability, lateness);
    }

    private static List<SimEvent> lifecycle(SimulationConfig config, SimCustomer customer, RandomSource random,
                                            EventFactory events) {
        String id = customer.customerId();
        List<SimEvent> lifecycle = new ArrayList<>();
        Instant signUp = customer.signUpAt();
        boolean imported = signUp.isBefore(config.start().plus(Duration.ofHours(1)));
        lifecycle.add(SimEvent.of(id, events.customerEvent(id, "signup", signUp, CustomerEventType.SIGN_UP)
                .setPhoneE164(customer.phoneE164())
                .setTimeZone(customer.profileTimeZone())
                .setLocale(customer.locale())
                .setFirstName(customer.firstName())
                .setTier(customer.tier())
                .setPlanSku(customer.planSku())
                .build(), signUp));
        if (customer.consentAtSignUp()) {
            // An import keeps the original grant date and its proof; a new sign-up ticks the box at checkout.
            Instant grantedAt = imported ? signUp.minus(Duration.ofDays(random.between(1, 700))) : signUp;
            ConsentChange evidence = imported
                    ? new ConsentChange("import", "crm-export:" + id, grantedAt)
                    : new ConsentChange("checkout_form", "signup-form:" + events.id(id, "signup"), grantedAt);
            lifecycle.add(SimEvent.of(id, events.customerEvent(id, "consent", signUp, CustomerEventType.CONSENT_GRANTED)
                    .setPhoneE164(customer.phoneE164())
                    .setConsent(evidence)
                    .build(), signUp));
            double months = config.days() / 30.0;
            if (random.chance(MONTHLY_REVOCATION * months)) {
                Instant at = laterDuringRun(config, signUp, random);
                boolean support = random.chance(0.5);
                ConsentChange revocation = new ConsentChange(support ? "support" : "preference_center",
                        (support ? "ticket-" : "prefs-") + random.between(10_000, 99_999), at);
                lifecycle.add(SimEvent.of(id, events.customerEvent(id, "revoke", at, CustomerEventType.CONSENT_REVOKED)
                        .setConsent(revocation)
                        .build(), at));
            }
        }
        if (random.chance(MONTHLY_PROFILE_CHANGE * config.days() / 30.0)) {
            Instant at = laterDuringRun(config, signUp, random);
            lifecycle.add(SimEvent.of(id, profileChange(customer, at, random, events), at));
        }
        return lifecycle;
    }

    private static CustomerEvent profileChange(SimCustomer customer, Instant at, RandomSource random,
                                               EventFactory events) {
        CustomerEvent.Builder change = events.customerEvent(customer.customerId(), "profile", at,
                CustomerEventType.PROFILE_CHANGED);
        String nickname = NICKNAMES.get(customer.firstName());
        if (customer.profileTimeZone() == null && random.chance(0.5)) {
            change.setTimeZone(customer.zone().getId());
        } else if (nickname != null) {
            change.setFirstName(nickname);
        } else {
            change.setLocale(customer.locale().equals("es-US") ? "en-US" : "es-US");
        }
        return change.build();
    }

    private static String pickLocale(SimulationConfig config, RandomSource random) {
        double[] shares = config.locales().stream().mapToDouble(SimulationConfig.LocaleShare::share).toArray();
        return config.locales().get(random.weightedIndex(shares)).locale();
    }

    private static Set<Category> likes(RandomSource random) {
        Set<Category> likes = EnumSet.noneOf(Category.class);
        for (Category category : List.of(Category.COFFEE, Category.TEA, Category.EQUIPMENT, Category.PET_FOOD,
                Category.SKINCARE)) {
            if (random.chance(LIKE_CHANCES.get(category))) {
                likes.add(category);
            }
        }
        if (likes.isEmpty()) {
            likes.add(Category.COFFEE);
        }
        return likes;
    }

    /** Existing customers arrive one after another in the run's first hour, after the catalog. */
    private static Instant importTime(SimulationConfig config, int index) {
        long spacingMillis = Duration.ofHours(1).toMillis() / (config.customers() + 1);
        return config.start().plusMillis(1_000 + index * spacingMillis);
    }

    private static Instant signUpDuringRun(SimulationConfig config, RandomSource random) {
        Instant from = config.start().plus(Duration.ofHours(1));
        long span = Duration.between(from, config.end()).toMillis();
        return from.plusMillis((long) (random.nextDouble() * span));
    }

    private static Instant laterDuringRun(SimulationConfig config, Instant after, RandomSource random) {
        Instant from = after.plus(Duration.ofHours(6));
        long span = Math.max(1, Duration.between(from, config.end()).toMillis());
        Instant at = from.plusMillis((long) (random.nextDouble() * span));
        return at.isBefore(config.end()) ? at : config.end().minusMillis(1);
    }
}
