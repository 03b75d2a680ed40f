package dev.gleaner.farm.client.lease;

/** The lease protocol's rules kept in memory ({@link InMemoryFarm}). */
class InMemoryLeaseBrokerTest extends LeaseBrokerContract {

    @Override
    void freshFarm() {
        InMemoryFarm farm = new InMemoryFarm(WAITER_TTL);
        broker = farm;
        registry = farm;
    }
}
