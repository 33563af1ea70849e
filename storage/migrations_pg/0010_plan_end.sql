-- The PostgreSQL twin of storage/migrations/0010_plan_end.sql (issue 11 item 5): leftover
-- occurrences closed in one step with a reason, and which plans' end the admins were told of.
CREATE TABLE occurrence_closures (
    unit          text NOT NULL DEFAULT current_setting('cchc.unit'),
    occurrence_id bigint NOT NULL,
    reason        text NOT NULL,            -- "kế hoạch kết thúc"
    closed_at     text NOT NULL,
    closed_by     bigint,                   -- the admin or leader; NULL from the command line
    PRIMARY KEY (unit, occurrence_id),
    FOREIGN KEY (unit, occurrence_id) REFERENCES task_occurrences (unit, id) ON DELETE CASCADE
);
SELECT cchc_unit_scoped('occurrence_closures');

CREATE TABLE plan_end_notices (
    unit       text NOT NULL DEFAULT current_setting('cchc.unit'),
    plan_id    bigint NOT NULL,
    noticed_at text NOT NULL,
    PRIMARY KEY (unit, plan_id),
    FOREIGN KEY (unit, plan_id) REFERENCES plans (unit, id) ON DELETE CASCADE
);
SELECT cchc_unit_scoped('plan_end_notices');
