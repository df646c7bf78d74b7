//! Where the panes go. 200x60 shows everything; 80x24 stacks the queue over the focused
//! detail pane; very small terminals show the focused pane alone. Below 40x10 a message.

use crate::Pane;
use ratatui_core::layout::{Constraint, Layout, Rect};

pub const MIN_W: u16 = 40;
pub const MIN_H: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Areas {
    pub kpi: Rect,
    pub queue: Rect,
    pub conversation: Option<Rect>,
    pub customer: Option<Rect>,
    pub status: Rect,
}

/// The panes for a terminal of `area`; `composing` (the editor is open) gives a stacked
/// layout's queue one row, the selected ticket's, so the conversation above the editor keeps
/// room for the customer's last message at 80x24.
/// `status_lines` is the status line's height: more than one when a notice does not fit
/// beside the connection (`Model::status_lines`). `detail_need` is how many rows the selected
/// ticket's conversation takes, when known and short (`Model::detail_need`): stacked, the
/// queue takes the rows it leaves — never fewer than its usual share.
pub fn areas(area: Rect, focus: Pane, composing: bool, status_lines: u16, detail_need: Option<u16>) -> Option<Areas> {
    if area.width < MIN_W || area.height < MIN_H {
        return None;
    }
    // a second KPI line (channels and trends) when there is room for it
    let kpi_lines = if area.width >= 100 && area.height >= 28 { 2 } else { 1 };
    let [kpi, body, status] = Layout::vertical([
        Constraint::Length(kpi_lines),
        Constraint::Min(1),
        Constraint::Length(status_lines.clamp(1, 3)),
    ])
    .areas(area);
    let empty = Rect::new(body.x, body.y, body.width, 0);
    let (queue, conversation, customer) = if body.width >= 120 && body.height >= 28 {
        let [q, detail] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        let [c, p] = Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(detail);
        (q, Some(c), Some(p))
    } else if body.height >= 18 {
        let usual = body.height * 42 / 100;
        let queue = match detail_need {
            _ if composing => Constraint::Length(4),
            // the customer pane keeps its share: the measure is the conversation's
            _ if focus == Pane::Customer => Constraint::Percentage(42),
            // the conversation's rows and its borders, at least 8; the queue the rest
            Some(need) if body.height.saturating_sub(need.saturating_add(2).max(8)) > usual => {
                Constraint::Length(body.height - need.saturating_add(2).max(8))
            }
            _ => Constraint::Percentage(42),
        };
        let [q, detail] = Layout::vertical([queue, Constraint::Min(1)]).areas(body);
        match focus {
            Pane::Customer => (q, None, Some(detail)),
            _ => (q, Some(detail), None),
        }
    } else {
        match focus {
            Pane::Queue => (body, None, None),
            Pane::Conversation => (empty, Some(body), None),
            Pane::Customer => (empty, None, Some(body)),
        }
    };
    Some(Areas { kpi, queue, conversation, customer, status })
}

/// Ticket rows that fit in the queue pane (borders and header taken off).
pub fn queue_rows(
    width: u16,
    height: u16,
    focus: Pane,
    composing: bool,
    status_lines: u16,
    need: Option<u16>,
) -> usize {
    areas(Rect::new(0, 0, width, height), focus, composing, status_lines, need)
        .map_or(0, |a| a.queue.height.saturating_sub(3) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_overlaps_at_any_size() {
        for w in 40..=210 {
            for h in 10..=62 {
                for focus in [Pane::Queue, Pane::Conversation, Pane::Customer] {
                    let a = areas(Rect::new(0, 0, w, h), focus, false, 1, None).expect("fits");
                    let mut rects = vec![a.kpi, a.queue, a.status];
                    rects.extend(a.conversation);
                    rects.extend(a.customer);
                    for (i, r) in rects.iter().enumerate() {
                        assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?} outside");
                        for s in &rects[i + 1..] {
                            assert!(
                                r.area() == 0 || s.area() == 0 || r.intersection(*s).area() == 0,
                                "{w}x{h} {focus:?}: {r:?} overlaps {s:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(areas(Rect::new(0, 0, 39, 24), Pane::Queue, false, 1, None).is_none());
    }

    #[test]
    fn a_short_conversation_leaves_its_rows_to_the_queue() {
        let usual = areas(Rect::new(0, 0, 80, 24), Pane::Queue, false, 1, None).unwrap();
        let short = areas(Rect::new(0, 0, 80, 24), Pane::Queue, false, 1, Some(5)).unwrap();
        assert_eq!(short.conversation.unwrap().height, 8, "at least 8 rows, the conversation's 5 within");
        assert!(short.queue.height > usual.queue.height, "{short:?} vs {usual:?}");
        // a long one, or the editor open: the usual share
        assert_eq!(areas(Rect::new(0, 0, 80, 24), Pane::Queue, false, 1, Some(40)).unwrap(), usual);
        let writing = areas(Rect::new(0, 0, 80, 24), Pane::Conversation, true, 1, Some(5)).unwrap();
        assert_eq!(writing.queue.height, 4);
        // the customer pane in the detail area keeps its rows
        let customer = areas(Rect::new(0, 0, 80, 24), Pane::Customer, false, 1, Some(5)).unwrap();
        assert_eq!(customer, areas(Rect::new(0, 0, 80, 24), Pane::Customer, false, 1, None).unwrap());
        // side by side: the panes do not move
        let wide = areas(Rect::new(0, 0, 200, 60), Pane::Queue, false, 1, Some(5)).unwrap();
        assert_eq!(wide, areas(Rect::new(0, 0, 200, 60), Pane::Queue, false, 1, None).unwrap());
    }

    #[test]
    fn wide_shows_all_panes_and_small_stacks() {
        let wide = areas(Rect::new(0, 0, 200, 60), Pane::Queue, false, 1, None).unwrap();
        assert!(wide.conversation.is_some() && wide.customer.is_some());
        let small = areas(Rect::new(0, 0, 80, 24), Pane::Queue, false, 1, None).unwrap();
        assert!(small.conversation.is_some() && small.customer.is_none());
        let small_c = areas(Rect::new(0, 0, 80, 24), Pane::Customer, false, 1, None).unwrap();
        assert!(small_c.customer.is_some());
        let writing = areas(Rect::new(0, 0, 80, 24), Pane::Conversation, true, 1, None).unwrap();
        assert_eq!(writing.queue.height, 4, "the selected ticket's row only");
        assert!(writing.conversation.unwrap().height >= 17, "{writing:?}");
        let wide_writing = areas(Rect::new(0, 0, 200, 60), Pane::Conversation, true, 1, None).unwrap();
        assert_eq!(wide_writing, areas(Rect::new(0, 0, 200, 60), Pane::Conversation, false, 1, None).unwrap());
    }
}
