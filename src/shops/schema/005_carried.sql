-- shops 005: which answers of a visit were carried over from the previous visit (沿用上次) instead of asked again:
-- a JSON array of item codes, NULL when none. The server checks each one equals the previous visit's answer.
ALTER TABLE shop_assessments ADD COLUMN carried TEXT;
