package dev.nudge.simulator;

import static dev.nudge.simulator.Category.COFFEE;
import static dev.nudge.simulator.Category.EQUIPMENT;
import static dev.nudge.simulator.Category.MEMBERSHIP;
import static dev.nudge.simulator.Category.PET_FOOD;
import static dev.nudge.simulator.Category.SKINCARE;
import static dev.nudge.simulator.Category.TEA;

import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;

/**
 * The retailer's products: a coffee roaster that also sells tea, brewing gear, pet food, skincare and a coffee
 * club. Written out by hand so demos and tests can name skus; the seed only moves prices and stock later.
 *
 * <p>Add-ons are small things bought along with an item (filters with a dripper); complements are things used
 * together with it (a grinder with beans). Both may cross categories.
 */
final class Assortment {

    static final List<String> MEMBERSHIP_LADDER = List.of("club-basic", "club-plus", "club-premium");

    private final List<Product> products = new ArrayList<>();

    private Assortment() {
    }

    static List<Product> standard() {
        Assortment a = new Assortment();
        a.coffee();
        a.tea();
        a.equipment();
        a.petFood();
        a.skincare();
        a.memberships();
        return List.copyOf(a.products);
    }

    private void coffee() {
        item("cof-house-12", "House Blend, 12 oz", COFFEE, 1495, 3.0).refill(14)
                .addOns("gear-filters-100", "gear-canister")
                .complements("gear-pourover", "gear-grinder-hand", "gear-french-press").add();
        item("cof-house-32", "House Blend, 2 lb", COFFEE, 3495, 1.2).refill(30)
                .addOns("gear-canister").complements("gear-grinder-burr").add();
        item("cof-espresso-12", "Espresso Blend, 12 oz", COFFEE, 1650, 2.0).refill(14)
                .addOns("gear-cleaning-tabs", "gear-canister")
                .complements("gear-espresso-machine", "gear-milk-frother").add();
        item("cof-espresso-32", "Espresso Blend, 2 lb", COFFEE, 3795, 0.8).refill(30)
                .addOns("gear-cleaning-tabs").complements("gear-espresso-machine", "gear-grinder-burr").add();
        item("cof-ethiopia-12", "Ethiopia Yirgacheffe, 12 oz", COFFEE, 1895, 1.5).refill(21)
                .addOns("gear-filters-100", "gear-canister")
                .complements("gear-pourover", "gear-kettle", "gear-scale").add();
        item("cof-colombia-12", "Colombia Huila, 12 oz", COFFEE, 1695, 1.6).refill(21)
                .addOns("gear-canister", "gear-mug").complements("gear-pourover", "gear-french-press").add();
        item("cof-guatemala-12", "Guatemala Antigua, 12 oz", COFFEE, 1750, 1.0).refill(21)
                .addOns("gear-canister").complements("gear-french-press", "gear-grinder-hand").add();
        item("cof-kenya-12", "Kenya AA, 12 oz", COFFEE, 1995, 0.8).refill(21)
                .addOns("gear-filters-100").complements("gear-pourover", "gear-scale").add();
        item("cof-sumatra-12", "Sumatra Mandheling, 12 oz", COFFEE, 1795, 0.9).refill(21)
                .addOns("gear-canister").complements("gear-french-press").add();
        item("cof-brazil-12", "Brazil Cerrado, 12 oz", COFFEE, 1550, 1.2).refill(21)
                .addOns("gear-mug").complements("gear-cold-brew-jar", "gear-french-press").add();
        item("cof-decaf-12", "Swiss Water Decaf, 12 oz", COFFEE, 1750, 0.9).refill(21)
                .addOns("gear-canister").complements("gear-pourover").add();
        item("cof-french-12", "French Roast, 12 oz", COFFEE, 1550, 1.1).refill(18)
                .addOns("gear-mug").complements("gear-french-press").add();
        item("cof-pods-24", "Compostable Coffee Pods, 24 ct", COFFEE, 1895, 1.3).refill(14)
                .addOns("gear-mug", "gear-tumbler").add();
        item("cof-sampler", "Single-Origin Sampler, 4 x 4 oz", COFFEE, 2800, 0.6)
                .addOns("gear-canister").complements("gear-pourover", "gear-scale").add();
        item("cof-holiday-12", "Holiday Blend, 12 oz", COFFEE, 1895, 1.8).refill(21).season("11-15", "12-31")
                .addOns("gear-mug", "gear-canister").complements("gear-french-press").add();
        item("cof-cold-brew-32", "Iced Cold Brew Concentrate, 32 oz", COFFEE, 1495, 1.5).refill(14)
                .season("05-01", "08-31").addOns("gear-tumbler").complements("gear-cold-brew-jar").add();
    }

    private void tea() {
        item("tea-earl-grey", "Earl Grey, loose leaf 100 g", TEA, 1295, 1.5).refill(30)
                .addOns("gear-tea-infuser").complements("gear-kettle").add();
        item("tea-sencha", "Sencha Green, loose leaf 100 g", TEA, 1395, 1.0).refill(30)
                .addOns("gear-tea-infuser").complements("gear-kettle").add();
        item("tea-chai", "Masala Chai, 100 g", TEA, 1250, 1.2).refill(30)
                .addOns("gear-mug").complements("gear-milk-frother").add();
        item("tea-chamomile", "Chamomile Blossom, 50 g", TEA, 1095, 0.9).refill(30)
                .addOns("gear-tea-infuser").complements("gear-mug").add();
        item("tea-matcha", "Ceremonial Matcha, 30 g", TEA, 2400, 0.8).refill(30)
                .addOns("gear-matcha-whisk").complements("gear-milk-frother", "gear-kettle").add();
        item("tea-rooibos", "Rooibos Vanilla, 100 g", TEA, 1195, 0.7).refill(30)
                .addOns("gear-tea-infuser").add();
        item("tea-winter-spice", "Winter Spice Tea, 20 bags", TEA, 1350, 1.3).season("11-01", "01-15")
                .addOns("gear-mug").complements("gear-kettle").add();
        item("tea-iced-peach", "Iced Peach Tea, 20 bags", TEA, 1150, 1.0).season("05-15", "09-15")
                .addOns("gear-tumbler").complements("gear-cold-brew-jar").add();
    }

    private void equipment() {
        item("gear-pourover", "Ceramic Pour-Over Dripper", EQUIPMENT, 2800, 1.2)
                .addOns("gear-filters-100").complements("gear-kettle", "gear-scale").add();
        item("gear-filters-100", "Paper Filters, 100 ct", EQUIPMENT, 695, 1.5).refill(60)
                .complements("gear-pourover").add();
        item("gear-french-press", "French Press, 34 oz", EQUIPMENT, 3900, 1.0)
                .addOns("gear-mug").complements("gear-grinder-burr").add();
        item("gear-grinder-burr", "Burr Grinder", EQUIPMENT, 12900, 0.6)
                .addOns("gear-canister").complements("gear-scale").add();
        item("gear-grinder-hand", "Hand Grinder", EQUIPMENT, 5900, 0.7)
                .addOns("gear-canister").complements("gear-pourover").add();
        item("gear-kettle", "Gooseneck Kettle", EQUIPMENT, 6900, 0.7)
                .complements("gear-pourover", "gear-scale").add();
        item("gear-scale", "Brew Scale", EQUIPMENT, 3900, 0.6)
                .complements("gear-pourover", "gear-kettle").add();
        item("gear-canister", "Vacuum Coffee Canister", EQUIPMENT, 2900, 1.2)
                .complements("cof-house-12").add();
        item("gear-mug", "Stoneware Mug", EQUIPMENT, 1800, 1.4)
                .complements("cof-house-12", "tea-chai").add();
        item("gear-tumbler", "Travel Tumbler", EQUIPMENT, 2900, 1.1)
                .complements("cof-cold-brew-32").add();
        item("gear-espresso-machine", "Home Espresso Machine", EQUIPMENT, 44900, 0.3)
                .addOns("gear-cleaning-tabs", "gear-milk-frother")
                .complements("gear-grinder-burr", "cof-espresso-12").add();
        item("gear-milk-frother", "Milk Frother", EQUIPMENT, 3400, 0.6)
                .complements("cof-espresso-12", "tea-matcha").add();
        item("gear-cleaning-tabs", "Espresso Cleaning Tablets, 50 ct", EQUIPMENT, 1295, 0.5).refill(60)
                .complements("gear-espresso-machine").add();
        item("gear-tea-infuser", "Stainless Tea Infuser", EQUIPMENT, 1200, 0.9)
                .complements("tea-earl-grey").add();
        item("gear-matcha-whisk", "Bamboo Matcha Whisk", EQUIPMENT, 1900, 0.4)
                .complements("tea-matcha").add();
        item("gear-cold-brew-jar", "Cold Brew Maker, 1.5 qt", EQUIPMENT, 3200, 0.6)
                .addOns("gear-tumbler").complements("cof-brazil-12").add();
        item("gear-gift-set", "Holiday Brewing Gift Set", EQUIPMENT, 4900, 1.0).season("11-15", "12-31")
                .addOns("gear-mug").complements("cof-holiday-12").add();
    }

    private void petFood() {
        item("pet-dog-kibble-12", "Grain-Free Dog Kibble, 12 lb", PET_FOOD, 4599, 2.0).refill(30)
                .addOns("pet-dog-treats", "pet-dental-chews").complements("pet-bowl").add();
        item("pet-dog-kibble-24", "Grain-Free Dog Kibble, 24 lb", PET_FOOD, 7999, 1.0).refill(30)
                .addOns("pet-dog-treats").complements("pet-bowl").add();
        item("pet-cat-kibble-7", "Indoor Cat Food, 7 lb", PET_FOOD, 3299, 1.6).refill(30)
                .addOns("pet-cat-treats").complements("pet-bowl").add();
        item("pet-cat-wet-12", "Wet Cat Food, 12 cans", PET_FOOD, 2199, 1.2).refill(30)
                .addOns("pet-cat-treats").add();
        item("pet-dog-treats", "Training Treats", PET_FOOD, 999, 1.2)
                .complements("pet-dog-kibble-12").add();
        item("pet-cat-treats", "Salmon Cat Treats", PET_FOOD, 799, 1.0)
                .complements("pet-cat-kibble-7").add();
        item("pet-dental-chews", "Dental Chews, 30 ct", PET_FOOD, 1599, 0.8).refill(30)
                .complements("pet-dog-kibble-12").add();
        item("pet-bowl", "Stainless Steel Bowl", PET_FOOD, 1499, 0.5)
                .complements("pet-dog-kibble-12", "pet-cat-kibble-7").add();
    }

    private void skincare() {
        item("skin-cleanser", "Gentle Foaming Cleanser", SKINCARE, 2400, 1.4).refill(45)
                .addOns("skin-lip-balm").complements("skin-moisturizer").add();
        item("skin-moisturizer", "Daily Moisturizer", SKINCARE, 3200, 1.5).refill(45)
                .addOns("skin-lip-balm").complements("skin-spf30", "skin-cleanser").add();
        item("skin-spf30", "Mineral Sunscreen SPF 30", SKINCARE, 2800, 1.0).refill(45)
                .addOns("skin-lip-balm").complements("skin-moisturizer").add();
        item("skin-vitamin-c", "Vitamin C Serum", SKINCARE, 4200, 0.9).refill(45)
                .complements("skin-spf30").add();
        item("skin-night-cream", "Night Cream", SKINCARE, 3800, 0.8).refill(45)
                .complements("skin-vitamin-c").add();
        item("skin-lip-balm", "Lip Balm", SKINCARE, 600, 1.2)
                .complements("skin-moisturizer").add();
        item("skin-clay-mask", "Clay Mask", SKINCARE, 2200, 0.6)
                .complements("skin-cleanser").add();
        item("skin-hand-cream", "Winter Hand Cream", SKINCARE, 1600, 1.1).season("10-15", "02-28")
                .complements("skin-lip-balm").add();
    }

    /** Bought only by joining or upgrading, never picked off the shelf (popularity 0). */
    private void memberships() {
        item("club-basic", "Coffee Club Basic, monthly", MEMBERSHIP, 900, 0).upgradeTo("club-plus").add();
        item("club-plus", "Coffee Club Plus, monthly", MEMBERSHIP, 1900, 0).upgradeTo("club-premium").add();
        item("club-premium", "Coffee Club Premium, monthly", MEMBERSHIP, 3400, 0).add();
    }

    private Builder item(String sku, String name, Category category, long priceMinor, double popularity) {
        return new Builder(sku, name, category, priceMinor, popularity);
    }

    private final class Builder {
        private final String sku;
        private final String name;
        private final Category category;
        private final long priceMinor;
        private final double popularity;
        private Integer replenishmentDays;
        private List<String> addOns = List.of();
        private List<String> complements = List.of();
        private String upgradeTo;
        private MonthDay seasonStart;
        private MonthDay seasonEnd;

        Builder(String sku, String name, Category category, long priceMinor, double popularity) {
            this.sku = sku;
            this.name = name;
            this.category = category;
            this.priceMinor = priceMinor;
            this.popularity = popularity;
        }

        Builder refill(int days) {
            replenishmentDays = days;
            return this;
        }

        Builder addOns(String... skus) {
            addOns = List.of(skus);
            return this;
        }

        Builder complements(String... skus) {
            complements = List.of(skus);
            return this;
        }

        Builder upgradeTo(String sku) {
            upgradeTo = sku;
            return this;
        }

        Builder season(String startMonthDay, String endMonthDay) {
            seasonStart = MonthDay.parse("--" + startMonthDay);
            seasonEnd = MonthDay.parse("--" + endMonthDay);
            return this;
        }

        void add() {
            products.add(new Product(sku, name, category, priceMinor, popularity, replenishmentDays, addOns,
                    complements, upgradeTo, seasonStart, seasonEnd));
        }
    }
}
