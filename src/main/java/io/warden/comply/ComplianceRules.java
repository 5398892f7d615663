package io.warden.comply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every check of the compliance audit, in report order, judged from facts read once. Pure. */
public final class ComplianceRules {

    private ComplianceRules() {
    }

    public static List<ComplianceCheck> evaluate(ComplianceFacts facts, ComplianceOptions options, Instant now) {
        List<ComplianceCheck> checks = new ArrayList<>();
        checks.add(TransportChecks.encryption(facts));
        checks.add(TransportChecks.authentication(facts));
        checks.add(AccessChecks.authorizer(facts));
        checks.add(AccessChecks.aclReview(facts, options));
        checks.addAll(DataChecks.phi(facts, options));
        if (options.phiTopics() != null) {
            checks.add(AccessChecks.phiAccess(facts, options, PhiAccess.of(facts, options)));
        }
        checks.add(TransportChecks.certificates(facts, options.certificates(), now));
        checks.add(DataChecks.auditTrail(facts));
        return checks;
    }

    /** The worst status: the Nagios exit code of the audit. */
    public static ComplianceCheck.Status worst(List<ComplianceCheck> checks) {
        return checks.stream().map(ComplianceCheck::status).reduce(ComplianceCheck.Status.PASS, ComplianceCheck.Status::worst);
    }
}
