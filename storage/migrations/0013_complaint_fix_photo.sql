-- The complaint desk (issue 10 item 7, O7d): closing a complaint may carry a photo of the fix,
-- kept as the complaint's evidence (a Telegram file id, as the citizen's photos are) and sent to
-- the citizen with the answer.
ALTER TABLE complaints ADD COLUMN fix_photo TEXT;
