//! Text from outside made safe to show: escapes for control and invisible-direction characters,
//! and the guard every stderr line passes through. A bottom utility: it imports nothing of ccauth.

/// True for a character that can change how the text around it is shown or parsed: C0/C1
/// controls (line breaks included), the line and paragraph separators, and the bidirectional
/// overrides, embeddings and isolates (`U+202E` turns `txt.exe` into `exe.txt`).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Text from outside (a settings key, a file name, a variable's value) made safe to print: every
/// unsafe character ([`is_unsafe`]), line breaks included, is shown as an escape (`\u{1b}`), so a
/// repository cannot rewrite the terminal or forge a line of the report.
pub fn printable(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A whole diagnostic as it goes to stderr: every unsafe character but the line breaks and tabs
/// ccauth's own messages use is escaped, and a line that would start with `::` (a workflow
/// command to the GitHub runner, which reads stderr too) is prefixed, so no text that reached
/// a message unescaped can forge an annotation, stop command processing or move the cursor.
/// Text scrubbed of secrets first, then this.
pub fn for_log(text: &str) -> String {
    let escaped: String = if text.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        text.chars()
            .map(|c| {
                if is_unsafe(c) && c != '\n' && c != '\t' {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.to_owned()
    };
    if !escaped.contains("::") {
        return escaped;
    }
    escaped
        .split('\n')
        .map(|line| {
            if line.trim_start().starts_with("::") {
                format!("(ccauth: text that looked like a workflow command) {line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_controls_separators_and_direction_overrides() {
        assert_eq!(printable("plain ünïcode"), "plain ünïcode");
        assert_eq!(printable("a\nb\u{1b}[2J"), "a\\u{a}b\\u{1b}[2J");
        assert_eq!(printable("x\u{2028}y\u{202e}z"), "x\\u{2028}y\\u{202e}z");
        assert_eq!(printable("\u{2066}\u{200f}"), "\\u{2066}\\u{200f}");
    }

    #[test]
    fn for_log_keeps_line_breaks_but_defuses_workflow_commands() {
        assert_eq!(for_log("one\n\ttwo"), "one\n\ttwo");
        assert_eq!(for_log("a\rb\u{1b}c"), "a\\u{d}b\\u{1b}c");
        let forged = for_log("ccauth: error: x\n::warning title=FORGED::y\n  ::stop-commands::z");
        assert!(
            forged.lines().all(|l| !l.trim_start().starts_with("::")),
            "{forged}"
        );
        assert!(forged.contains("FORGED"));
        assert_eq!(for_log("a::b"), "a::b");
    }
}
