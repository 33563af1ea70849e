-- The ward's own answers (issue 13 item 6): what the staff wrote for questions about the ward
-- itself (its hours, its address, the one-stop counter's phone), given from then on to every
-- citizen whose question has a wording key mapped to it (question_mappings.answer_id).
CREATE TABLE ward_answers (
    id         INTEGER PRIMARY KEY,
    answer     TEXT NOT NULL,
    written_by INTEGER NOT NULL,  -- 0: loaded from a catalogue file
    written_at TEXT NOT NULL
);

-- A wording mapped to a ward answer has procedure_code NULL and answer_id set.
ALTER TABLE question_mappings ADD COLUMN answer_id INTEGER REFERENCES ward_answers (id);
CREATE INDEX question_mappings_by_answer ON question_mappings (answer_id);
