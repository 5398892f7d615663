package io.warden.watch;

import java.util.List;

/** Burrow-style judgement of one group on one partition; the rules are spelled out on {@link LagEvaluator}. */
final class LagStatusRules {

    /** What one snapshot of the window saw: when, the committed offset, and lag (-1 when unknown). */
    record Observation(long millis, long committed, long lag) {
    }

    private LagStatusRules() {
    }

    static GroupStatus judge(List<Observation> window, boolean activeMembers) {
        if (window.isEmpty()) {
            return GroupStatus.OK;
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).committed() < window.get(i - 1).committed()) {
                return GroupStatus.REWIND;
            }
        }
        for (Observation o : window) {
            if (o.lag() == 0) {
                return GroupStatus.OK;
            }
        }
        Observation first = window.get(0);
        Observation last = window.get(window.size() - 1);
        if (last.lag() <= 0) {
            return GroupStatus.OK; // lag unknown now: nothing to judge a consumer by
        }
        if (last.millis() <= first.millis()) {
            // one instant only: a consumer cannot be shown to be stuck, but an absent one is not consuming
            return activeMembers ? GroupStatus.OK : GroupStatus.STOP;
        }
        boolean moved = false;
        for (Observation o : window) {
            moved |= o.committed() != first.committed();
        }
        if (!moved) {
            return activeMembers ? GroupStatus.STALL : GroupStatus.STOP;
        }
        return lagGrew(window) ? GroupStatus.WARN : GroupStatus.OK;
    }

    /** Lag never fell between known values and ended higher than it began. */
    private static boolean lagGrew(List<Observation> window) {
        List<Long> lags = window.stream().map(Observation::lag).filter(l -> l >= 0).toList();
        if (lags.size() < 2 || lags.get(lags.size() - 1) <= lags.get(0)) {
            return false;
        }
        for (int i = 1; i < lags.size(); i++) {
            if (lags.get(i) < lags.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Least-squares slope of the known lags, messages per minute; 0 when the window spans no time. */
    static double trendPerMinute(List<Observation> window) {
        // plain loops: this runs for every group-partition every cycle
        int n = 0;
        long origin = 0;
        double sumX = 0;
        double sumY = 0;
        for (Observation o : window) {
            if (o.lag() >= 0) {
                if (n == 0) {
                    origin = o.millis();
                }
                n++;
                sumX += (o.millis() - origin) / 60_000.0;
                sumY += o.lag();
            }
        }
        if (n < 2) {
            return 0.0;
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double num = 0;
        double den = 0;
        for (Observation o : window) {
            if (o.lag() >= 0) {
                double dx = (o.millis() - origin) / 60_000.0 - meanX;
                num += dx * (o.lag() - meanY);
                den += dx * dx;
            }
        }
        return den == 0 ? 0.0 : num / den;
    }
}
