package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneZonesTest {

    private final PhoneZones zones = PhoneZones.standard();

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "+12125550123, NY, America/New_York",
        "+14155550123, CA, America/Los_Angeles",
        "+13125550123, IL, America/Chicago",
        "+13035550123, CO, America/Denver",
        "+16025550123, AZ, America/Phoenix",
        "+19075550123, AK, America/Anchorage",
        "+18085550123, HI, Pacific/Honolulu",
        "+13055550123, FL, America/New_York",
        "+18505550123, FL, America/Chicago",
        "+19155550123, TX, America/Denver",
        "+12145550123, TX, America/Chicago",
        "+13175550123, IN, America/Indiana/Indianapolis",
        "+15025550123, KY, America/Kentucky/Louisville",
        "+13135550123, MI, America/Detroit",
        "+12085550123, ID, America/Boise",
        "+12025550123, DC, America/New_York",
    })
    void usNumbersGiveStateAndZone(String phone, String state, String zone) {
        assertThat(zones.usStateOf(phone)).contains(state);
        assertThat(zones.zoneOf(phone)).contains(ZoneId.of(zone));
        assertThat(zones.locate(phone)).get().extracting(PhoneRegion::country).isEqualTo("US");
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "+14165550123, ON, America/Toronto",
        "+15145550123, QC, America/Toronto",
        "+16045550123, BC, America/Vancouver",
        "+14035550123, AB, America/Edmonton",
        "+13065550123, SK, America/Regina",
        "+17095550123, NL, America/St_Johns",
        "+19025550123, NS, America/Halifax",
    })
    void canadianNumbersGiveProvinceAndZoneButNoUsState(String phone, String province, String zone) {
        assertThat(zones.locate(phone)).contains(new PhoneRegion("CA", province, ZoneId.of(zone)));
        assertThat(zones.usStateOf(phone)).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
        "+447700900123, GB, Europe/London",
        "+61412345678, AU, Australia/Sydney",
        "+33612345678, FR, Europe/Paris",
        "+4915112345678, DE, Europe/Berlin",
        "+353871234567, IE, Europe/Dublin",
        "+6421123456, NZ, Pacific/Auckland",
        "+819012345678, JP, Asia/Tokyo",
        "+85291234567, HK, Asia/Hong_Kong",
        "+18765550123, JM, America/Jamaica",
        "+18095550123, DO, America/Santo_Domingo",
    })
    void otherCountriesGiveTheirZone(String phone, String country, String zone) {
        assertThat(zones.locate(phone)).contains(new PhoneRegion(country, null, ZoneId.of(zone)));
        assertThat(zones.usStateOf(phone)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "+18005550123",     // toll-free
        "+18885550123",     // toll-free
        "+15005550123",     // non-geographic
        "+1212555012",      // too short for NANP
        "+121255501234",    // too long for NANP
        "+79161234567",     // Russia: many zones, not listed
        "+2341234567890",   // Nigeria: not listed
        "12125550123",      // no plus: not E.164
        "+",
        "",
        "not a number",
    })
    void unknownOrMalformedNumbersGiveNothing(String phone) {
        assertThat(zones.locate(phone)).isEmpty();
        assertThat(zones.zoneOf(phone)).isEmpty();
    }

    @Test
    void nullGivesNothing() {
        assertThat(zones.locate(null)).isEmpty();
    }

    @Test
    void formattingCharactersAreIgnored() {
        assertThat(zones.usStateOf("+1 (212) 555-0123")).contains("NY");
        assertThat(zones.usStateOf("+1.305.555.0123")).contains("FL");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
        "+18125550123; America/Indiana/Indianapolis, America/Chicago",
        "+19305550123; America/Indiana/Indianapolis, America/Chicago",
        "+18505550123; America/Chicago, America/New_York",
        "+12705550123; America/Chicago, America/New_York",
        "+19065550123; America/Detroit, America/Menominee",
        "+17015550123; America/Chicago, America/Denver",
        "+15415550123; America/Los_Angeles, America/Boise",
        "+12085550123; America/Boise, America/Los_Angeles",
        "+19285550123; America/Phoenix, America/Denver",
        "+19075550123; America/Anchorage, America/Adak",
        "+18675550123; America/Edmonton, America/Whitehorse, America/Iqaluit, America/Rankin_Inlet, America/Cambridge_Bay",
        "+12125550123; America/New_York",
    })
    void anAreaCodeSpanningSeveralZonesGivesAllOfThemTheMostPopulousFirst(String phone, String zonesInOrder) {
        assertThat(zones.regionsOf(phone)).extracting(region -> region.zone().getId())
                .containsExactly(zonesInOrder.split(",\\s*"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "+17875550123, PR, America/Puerto_Rico",
        "+13405550123, VI, America/St_Thomas",
        "+16715550123, GU, Pacific/Guam",
        "+16705550123, MP, Pacific/Saipan",
        "+16845550123, AS, Pacific/Pago_Pago",
    })
    void usTerritoriesAreCountriesOfTheirOwnAsInIso(String phone, String country, String zone) {
        assertThat(zones.locate(phone)).contains(new PhoneRegion(country, country, ZoneId.of(zone)));
        assertThat(zones.usStateOf(phone)).isEmpty();
    }

    @Test
    void aCountryHasEveryPlaceOfTheTableAndAZoneBelongsToItsCountry() {
        assertThat(zones.regionsIn("US")).extracting(PhoneRegion::zone).extracting(ZoneId::getId)
                .contains("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                        "America/Los_Angeles", "America/Anchorage", "America/Adak", "Pacific/Honolulu")
                .doesNotContain("Pacific/Guam", "America/Puerto_Rico", "America/Toronto");
        assertThat(zones.regionsIn("US")).doesNotHaveDuplicates()
                .contains(new PhoneRegion("US", "KY", ZoneId.of("America/New_York")));
        assertThat(zones.regionsIn("AU")).hasSize(5);
        assertThat(zones.countryOf(ZoneId.of("America/New_York"))).contains("US");
        assertThat(zones.countryOf(ZoneId.of("America/Toronto"))).contains("CA");
        assertThat(zones.countryOf(ZoneId.of("Europe/Paris"))).contains("FR");
        assertThat(zones.countryOf(ZoneId.of("Antarctica/Troll"))).isEmpty();
    }

    @Test
    void theShippedTableCoversEveryStateAndProvinceWithValidZones() throws IOException {
        List<String[]> rows = shippedRows();
        Set<String> usRegions = new HashSet<>();
        Set<String> canadianRegions = new HashSet<>();
        Set<String> codes = new HashSet<>();
        for (String[] row : rows) {
            assertThat(row[0]).matches("[2-9]\\d\\d");
            assertThat(codes.add(String.join(",", row))).as("row %s listed once", String.join(",", row)).isTrue();
            ZoneId.of(row[3]);
            assertThat(zones.locate("+1" + row[0] + "5550123")).as(row[0]).isPresent();
            if (row[1].equals("US")) {
                usRegions.add(row[2]);
            } else if (row[1].equals("CA")) {
                canadianRegions.add(row[2]);
            }
        }
        assertThat(usRegions).hasSize(50 + 1);    // states and DC; the territories have ISO codes of their own
        assertThat(canadianRegions).containsAll(Set.of("AB", "BC", "MB", "NB", "NL", "NS", "ON", "QC", "SK"));
        assertThat(rows.size()).isGreaterThan(400);
    }

    @Test
    void theShippedTableNamesItsSource() throws IOException {
        try (BufferedReader reader = shippedTable()) {
            assertThat(reader.lines().filter(line -> line.startsWith("#")))
                    .anySatisfy(line -> assertThat(line).contains("NANPA").contains("compiled by hand"));
        }
    }

    @Test
    void aTableWithADuplicateOrBrokenRowIsRejected() {
        String header = "# comment\narea_code,country,region,time_zone\n";
        assertThatThrownBy(() -> PhoneZones.fromCsv(new StringReader(
                header + "212,US,NY,America/New_York\n212,US,NY,America/New_York\n")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> PhoneZones.fromCsv(new StringReader(header + "212,US,America/New_York\n")))
                .hasMessageContaining("expected");
    }

    @Test
    void aCustomTableIsUsedAsGiven() throws IOException {
        PhoneZones custom = PhoneZones.fromCsv(new StringReader(
                "area_code,country,region,time_zone\n212,US,NY,America/Chicago\n"));
        assertThat(custom.zoneOf("+12125550123")).contains(ZoneId.of("America/Chicago"));
        assertThat(custom.zoneOf("+14155550123")).isEmpty();
    }

    private static List<String[]> shippedRows() throws IOException {
        try (BufferedReader reader = shippedTable()) {
            return reader.lines().filter(line -> !line.startsWith("#")).skip(1)
                    .map(line -> line.split(",", -1)).toList();
        }
    }

    private static BufferedReader shippedTable() {
        return new BufferedReader(new InputStreamReader(
                PhoneZones.class.getResourceAsStream(PhoneZones.AREA_CODES_RESOURCE), StandardCharsets.UTF_8));
    }
}
