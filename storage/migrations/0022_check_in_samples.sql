-- A rate check-in (`/exp log #4 42/1000 vs 31/1000`) keeps its counts: the
-- variant's conversions and trials, and the control's when logged beside
-- it. NULL for a plain value; value then holds the variant's rate in
-- percent, so every reader of values keeps working.
ALTER TABLE check_ins ADD COLUMN successes INTEGER CHECK (successes >= 0);
ALTER TABLE check_ins ADD COLUMN trials INTEGER CHECK (trials > 0 AND successes <= trials);
ALTER TABLE check_ins ADD COLUMN control_successes INTEGER CHECK (control_successes >= 0);
ALTER TABLE check_ins ADD COLUMN control_trials INTEGER CHECK (control_trials > 0 AND control_successes <= control_trials);
