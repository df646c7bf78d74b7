//! The references a ticket's text names — order numbers, tracking and RMA numbers — so the
//! queue's filter finds a ticket by them though they are not in the subject.

/// Words of `text` that look like references: at least 5 characters of letters, digits and
/// `-`, with at least 3 digits (`NW415145`, `1Z999AA10123456784`, `RMA-20931`); once each, in
/// order, at most `MAX` of them.
pub fn references(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let word = word.trim_matches('-');
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if word.len() >= 5 && word.len() <= 40 && digits >= 3 && !out.iter().any(|w| w == word) {
            out.push(word.to_string());
            if out.len() == MAX {
                break;
            }
        }
    }
    out
}

/// References kept per ticket: enough for every order a message names, bounded for memory.
const MAX: usize = 12;

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn order_tracking_and_rma_numbers_are_found_once_each() {
        let text = "Hi, order #NW415145 (tracking 1Z999AA10123456784) never came. RMA-20931. Again: NW415145. \
                    Call me on 2024 or at 10:30, zip 12.";
        assert_eq!(references(text), ["NW415145", "1Z999AA10123456784", "RMA-20931"]);
        assert!(references("Thanks a lot!").is_empty());
    }
}
