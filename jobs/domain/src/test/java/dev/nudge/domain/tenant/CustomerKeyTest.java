package dev.nudge.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomerKeyTest {

    @Test
    void readsBackTheBrandAndTheCustomerEvenWhenTheCustomerIdHoldsASlash() {
        String key = CustomerKey.of("acme-coffee", "web/17850");
        assertThat(key).isEqualTo("acme-coffee/web/17850");
        assertThat(CustomerKey.brandId(key)).isEqualTo("acme-coffee");
        assertThat(CustomerKey.customerId(key)).isEqualTo("web/17850");
    }

    @Test
    void aBrandIdWithASlashCannotBeKeyed() {
        assertThat(CustomerKey.brandIdProblem("acme-coffee")).isNull();
        assertThat(CustomerKey.brandIdProblem("acme/eu")).contains("acme/eu", "'/'");
        assertThat(CustomerKey.brandIdProblem(" ")).isEqualTo("tenant.brandId is blank");
    }
}
