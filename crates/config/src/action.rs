//! The agent's actions as the keymap names them: one table holds each action's name (as
//! written in `[keys]`), its help text and default keys. The console's keymap, its help
//! overlay and the config check all read this table.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    Open,
    Filter,
    Command,
    Help,
    Refresh,
    Views,
    Sort,
    Take,
    Assign,
    Reply,
    Note,
    Status,
    PriorityUp,
    PriorityDown,
    Escalate,
    Macro,
    Tags,
    Mark,
    MarkAll,
    ClearMarks,
    Undo,
    SaveText,
    InsertText,
    Merge,
    Send,
    SendOpen,
    SendPending,
    SendSolved,
    Editor,
    Orders,
    InsertTracking,
    Refund,
    CancelOrder,
    Replace,
    EditAddress,
    Back,
}

/// (action, name in the config, help text, default keys)
pub const TABLE: &[(Action, &str, &str, &[&str])] = &[
    (Action::Down, "down", "next / scroll down", &["j", "down"]),
    (Action::Up, "up", "previous / scroll up", &["k", "up"]),
    (Action::Top, "top", "first", &["g", "home"]),
    (Action::Bottom, "bottom", "last", &["G", "end"]),
    (Action::PageDown, "page_down", "page down", &["pgdn", "ctrl-d"]),
    (Action::PageUp, "page_up", "page up", &["pgup", "ctrl-u"]),
    (Action::NextPane, "next_pane", "next pane", &["tab", "l"]),
    (Action::PrevPane, "prev_pane", "previous pane", &["shift-tab", "h"]),
    (Action::Open, "open", "open the ticket", &["enter"]),
    (Action::Back, "back", "back to the ticket sent on", &["'"]),
    (Action::Filter, "filter", "filter as you type", &["/"]),
    (Action::Views, "views", "choose a view", &["v"]),
    (Action::Sort, "sort", "sort: view/SLA/prio/age", &["o"]),
    (Action::Refresh, "refresh", "refresh now", &["ctrl-r", "f5"]),
    (Action::Take, "take", "take: assign to me", &["a"]),
    (Action::Assign, "assign", "assign agent or group", &["A"]),
    (Action::Reply, "reply", "public reply", &["r"]),
    (Action::Note, "note", "internal note", &["n"]),
    (Action::Status, "status", "set status", &["s"]),
    (Action::PriorityUp, "priority_up", "raise priority", &["+"]),
    (Action::PriorityDown, "priority_down", "lower priority", &["-"]),
    (Action::Escalate, "escalate", "escalate, with a reason", &["e"]),
    (Action::Macro, "macro", "apply a macro", &["m"]),
    (Action::Merge, "merge", "merge into another ticket", &["M"]),
    (Action::Orders, "orders", "the customer's orders", &["O"]),
    (Action::Refund, "refund", "refund the order", &["R"]),
    (Action::CancelOrder, "cancel_order", "cancel the order", &["C"]),
    (Action::Replace, "replace", "send a free replacement", &["P"]),
    (Action::EditAddress, "edit_address", "change the order's address", &["E"]),
    (Action::Tags, "tags", "tags: +add -remove", &["t"]),
    (Action::Mark, "mark", "mark for bulk actions", &["space"]),
    (Action::MarkAll, "mark_all", "mark all visible", &["*"]),
    (Action::ClearMarks, "clear_marks", "clear marks", &["X"]),
    (Action::Undo, "undo", "undo the last send", &["u"]),
    (Action::Send, "send", "editor: send", &["ctrl-s"]),
    (Action::SendOpen, "send_open", "editor: send as open", &["alt-o"]),
    (Action::SendPending, "send_pending", "editor: send as pending", &["alt-p"]),
    (Action::SendSolved, "send_solved", "editor: send as solved", &["alt-s"]),
    (Action::Editor, "editor", "editor: $VISUAL/$EDITOR", &["ctrl-e"]),
    (Action::SaveText, "save_text", "editor: save to a file", &["alt-w"]),
    (Action::InsertText, "insert_text", "editor: insert macro text", &["alt-m"]),
    (Action::InsertTracking, "insert_tracking", "editor: insert tracking", &["alt-t"]),
    (Action::Command, "command", "command line (:view, :q…)", &[":"]),
    (Action::Help, "help", "this help", &["?", "f1"]),
    (Action::Quit, "quit", "quit", &["q", "ctrl-c"]),
];

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|(_, n, _, _)| *n == name).map(|(a, _, _, _)| *a)
    }
    pub fn names() -> Vec<&'static str> {
        TABLE.iter().map(|(_, n, _, _)| *n).collect()
    }
    /// Actions that write to the selected ticket (or open an editor for it).
    pub fn acts_on_ticket(self) -> bool {
        use Action::*;
        matches!(
            self,
            Take | Assign
                | Reply
                | Note
                | Status
                | PriorityUp
                | PriorityDown
                | Escalate
                | Macro
                | Tags
                | Refund
                | CancelOrder
                | Replace
                | EditAddress
        )
    }

    pub fn help(self) -> &'static str {
        TABLE.iter().find(|(a, _, _, _)| *a == self).map_or("", |(_, _, h, _)| *h)
    }
}
