//! A provider's error text reaches logs and the UI, so what it may contain
//! is pinned here: no control characters (no line injection) and no
//! invisible or reordering Unicode format characters (a bidi override would
//! make a log line in a terminal or a message on screen read differently
//! from what it is).

use latchkey_core::net::provider_message;

fn message(text: &str) -> Option<String> {
    provider_message(
        serde_json::json!({ "message": text })
            .to_string()
            .as_bytes(),
    )
}

#[test]
fn bidi_overrides_and_zero_width_characters_are_stripped() {
    let hostile = "Project \u{202E}exe.txt\u{202C} is\u{200B} \u{2066}gone\u{2069}\u{FEFF}";
    assert_eq!(
        message(hostile).as_deref(),
        Some("Project exe.txt is gone"),
        "the message reads as its visible characters, in their own order"
    );
    for c in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
        '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        '\u{FEFF}', '\u{2028}', '\u{2029}', '\u{061C}', '\u{2060}',
    ] {
        assert_eq!(
            message(&format!("a{c}b")).as_deref(),
            Some("ab"),
            "U+{:04X} is stripped",
            c as u32
        );
    }
}

#[test]
fn control_characters_are_still_stripped_and_ordinary_text_kept() {
    assert_eq!(
        message("line one\nline two\r\u{1b}[31m").as_deref(),
        Some("line oneline two[31m")
    );
    assert_eq!(
        message("Ünïcödé, emoji 🔑 and Arabic مرحبا stay").as_deref(),
        Some("Ünïcödé, emoji 🔑 and Arabic مرحبا stay")
    );
}
