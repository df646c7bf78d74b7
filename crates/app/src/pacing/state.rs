//! The pace of polls as the Model keeps it (the interval, the budget, the random sequence).

use crate::settings::Settings;
use frontline_backend::RateBudget;

#[derive(Debug, Clone)]
pub struct Pace {
    /// The wait the view's activity has settled on, in seconds.
    pub interval: i64,
    /// Polls in a row that found the view unchanged.
    pub quiet: u32,
    /// The budget the helpdesk last reported.
    pub budget: Option<RateBudget>,
    /// How many times longer polls wait for the account's sake (1.0 = not at all).
    pub stretch: f64,
    /// The helpdesk answered 429: the console waits its Retry-After (until a poll answers).
    pub asked_to_wait: bool,
    /// The console's own random sequence (seeded per console, so tests can fix it).
    rng: rand_chacha::ChaCha8Rng,
}

impl Pace {
    pub fn new(settings: &Settings) -> Pace {
        Pace {
            interval: settings.poll_secs,
            quiet: 0,
            budget: None,
            stretch: 1.0,
            asked_to_wait: false,
            rng: rand::SeedableRng::seed_from_u64(settings.poll_seed),
        }
    }

    /// A number in [0, 1) from the console's own sequence.
    pub(crate) fn next_unit(&mut self) -> f64 {
        rand::Rng::random::<f64>(&mut self.rng)
    }
}
