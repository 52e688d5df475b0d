-- cockpit 002: an average indicator may name the indicator that weights it (许可办理时限 weighted by the licences
-- handled): over months and over units it then rolls up as Σ value × weight ÷ Σ weight, not as a mean of means.
ALTER TABLE cockpit_indicators ADD COLUMN weight_code TEXT;
