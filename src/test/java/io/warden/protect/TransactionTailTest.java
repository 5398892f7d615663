package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A restore's transaction that reached its size takes along a short rest instead of committing it on its own. */
class TransactionTailTest {

    @Test
    void aRestOfAtMostAQuarterOfTheTransactionRidesAlong() {
        assertThat(TransactionalWriter.shortTail(250, 1000)).isTrue();
        assertThat(TransactionalWriter.shortTail(0, 1000)).isTrue();
        assertThat(TransactionalWriter.shortTail(251, 1000)).isFalse();
        assertThat(TransactionalWriter.shortTail(5_000_000, 1000)).isFalse();
    }
}
