//! Typed text made fit for the short one-line reasons and notes the rules take.

/// `text` on one line: line breaks and other control characters become
/// spaces, runs of spaces one space, at most `max_chars` characters.
pub fn one_line(text: &str, max_chars: usize) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max_chars)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_folded_onto_one_line() {
        assert_eq!(
            one_line("  덜 맵게\n\n 부탁드려요 \t", 200),
            "덜 맵게 부탁드려요"
        );
        assert_eq!(one_line("\n \r", 200), "");
        assert_eq!(one_line("가나다 라", 4), "가나다");
    }
}
