//! How a helpdesk names the console's statuses, and which of them an agent may set. Zendesk
//! says "pending" and "solved"; Request Tracker says "stalled" and "resolved" for the same
//! meaning. The console reasons with `Status`; the agent reads and types the helpdesk's words.

use super::Status;

#[derive(Debug, Clone, PartialEq)]
pub struct StatusNames {
    /// Each status this helpdesk has, with its name there; `settable` ones come first, in the
    /// order the status picker offers them.
    names: Vec<(Status, &'static str)>,
    settable: usize,
    /// The KPI bar's long and short label for the count of tickets waiting on someone else.
    waiting: (&'static str, &'static str),
    /// A status whose tickets take no more changes (Zendesk's closed), with the helpdesk's
    /// way forward in words.
    final_status: Option<(Status, &'static str)>,
}

impl Default for StatusNames {
    /// The console's own words, which are Zendesk's.
    fn default() -> Self {
        StatusNames {
            names: vec![
                (Status::Open, "open"),
                (Status::Pending, "pending"),
                (Status::OnHold, "on-hold"),
                (Status::Solved, "solved"),
                (Status::New, "new"),
                (Status::Closed, "closed"),
            ],
            settable: 4,
            waiting: ("Pending", "Pend"),
            final_status: Some((
                Status::Closed,
                "Zendesk takes no more changes to a closed ticket: open a follow-up ticket there (the closed ticket's \"Create follow-up\")",
            )),
        }
    }
}

impl StatusNames {
    /// `settable` statuses (picker order), then the ones the helpdesk sets by itself.
    /// `waiting` labels the KPI bar's count of `Status::Pending` tickets (long, short).
    pub fn new(
        settable: &[(Status, &'static str)],
        others: &[(Status, &'static str)],
        waiting: (&'static str, &'static str),
    ) -> StatusNames {
        StatusNames {
            names: settable.iter().chain(others).cloned().collect(),
            settable: settable.len(),
            waiting,
            final_status: None,
        }
    }

    /// Why a ticket in status `s` takes no more changes, where this helpdesk has such a status.
    pub fn refuses(&self, s: &Status) -> Option<&'static str> {
        self.final_status.as_ref().filter(|(f, _)| f == s).map(|(_, why)| *why)
    }

    /// The KPI bar's labels for the count of waiting tickets: long, short.
    pub fn waiting_label(&self) -> (&'static str, &'static str) {
        self.waiting
    }

    /// The helpdesk's word for `s` (a custom status is its own name).
    pub fn name<'a>(&'a self, s: &'a Status) -> &'a str {
        self.names.iter().find(|(x, _)| x == s).map_or_else(|| s.label(), |(_, n)| *n)
    }

    /// A status from a name an agent or a config wrote: the helpdesk's word, else the
    /// console's (`pending` works on Request Tracker too), else a custom status.
    pub fn parse(&self, name: &str) -> Status {
        let name = name.trim().to_lowercase();
        if let Some((s, _)) = self.names.iter().find(|(_, n)| *n == name) {
            return s.clone();
        }
        Status::parse(&name)
    }

    /// What the status picker offers.
    pub fn settable(&self) -> impl Iterator<Item = (&Status, &'static str)> {
        self.names[..self.settable].iter().map(|(s, n)| (s, *n))
    }

    /// Every name this helpdesk knows, for error messages.
    pub fn all(&self) -> Vec<&'static str> {
        self.names.iter().map(|(_, n)| *n).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt() -> StatusNames {
        StatusNames::new(
            &[(Status::Open, "open"), (Status::Pending, "stalled"), (Status::Solved, "resolved")],
            &[(Status::New, "new")],
            ("Stalled", "Stall"),
        )
    }

    #[test]
    fn names_follow_the_helpdesk_and_fall_back_to_the_console() {
        let n = rt();
        assert_eq!(n.name(&Status::Pending), "stalled");
        assert_eq!(n.name(&Status::OnHold), "on-hold");
        assert_eq!(n.name(&Status::Other("waiting on vendor".into())), "waiting on vendor");
        assert_eq!(StatusNames::default().name(&Status::Pending), "pending");
    }

    #[test]
    fn parse_takes_either_word() {
        let n = rt();
        assert_eq!(n.parse("Stalled"), Status::Pending);
        assert_eq!(n.parse("pending"), Status::Pending);
        assert_eq!(n.parse("resolved"), Status::Solved);
        assert_eq!(n.parse("qa"), Status::Other("qa".into()));
    }

    #[test]
    fn the_picker_offers_only_what_may_be_set_in_order() {
        let n = rt();
        let offered: Vec<&str> = n.settable().map(|(_, name)| name).collect();
        assert_eq!(offered, ["open", "stalled", "resolved"]);
        assert_eq!(StatusNames::default().settable().count(), 4);
    }
}
