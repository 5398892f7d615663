package io.warden.heal;

/**
 * {@code restart-broker}: the playbook step for a broker that is down — a {@code command} run per
 * broker id, with {@code {broker.id}}, {@code {broker.host}} and {@code {broker.port}} filled in
 * from where the broker was last seen. Broker-affecting, so never two at once in a cluster.
 */
public final class RestartBrokerProvider extends CommandActionProvider {

    @Override
    public String type() {
        return "restart-broker";
    }
}
