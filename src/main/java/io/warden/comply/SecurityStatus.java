package io.warden.comply;

import io.warden.kafka.KafkaConnection;
import io.warden.snapshot.Snapshot;
import io.warden.watch.Check;
import io.warden.watch.CheckSettings;
import io.warden.watch.StatusService;
import java.time.Clock;
import java.util.List;

/** Cluster health now with the certificates and listeners read at the same time: what status and verify judge. */
public final class SecurityStatus {

    private SecurityStatus() {
    }

    public static StatusService service(KafkaConnection connection, CheckSettings settings, CertificatePolicy policy, Clock clock) {
        SecurityProbe probe = new SecurityProbe(connection.admin(), connection.settings(), List.of(), clock);
        List<Check> checks = List.of(new CertificateCheck(policy), new ListenerCheck());
        return new StatusService(connection, settings, clock, (Snapshot s) -> s.withSecurity(probe.read()), checks);
    }
}
