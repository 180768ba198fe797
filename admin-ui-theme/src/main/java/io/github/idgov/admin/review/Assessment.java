package io.github.idgov.admin.review;

import io.github.idgov.core.GovernanceRecord;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.keycloak.models.UserModel;

/**
 * One identity as the review API sees it at one instant: its governance record, the statuses that hold and why.
 *
 * @param reviewDue when the next review is due (null when unknown)
 * @param reasons   English explanations, one per status that holds (lifecycle findings use the gate's texts)
 */
record Assessment(UserModel user, GovernanceRecord record, EnumSet<Status> statuses, Instant reviewDue, List<String> reasons) {

    /** The first status that holds, in {@link Status} order. */
    Status primary() {
        return statuses.stream().filter(s -> s != Status.DERIVED_CLASS).findFirst().orElse(Status.OK);
    }
}
