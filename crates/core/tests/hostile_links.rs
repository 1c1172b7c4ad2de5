//! Property tests: whatever arrives as a link, parsing never panics, and no
//! authorization response completes a flow it was not issued for.

use std::time::Instant;

use latchkey_core::deep_link::{self, DeepLink};
use latchkey_core::oauth::callback;
use latchkey_core::oauth::flow::FlowRegistry;
use latchkey_core::oauth::pkce::FlowSecrets;
use proptest::prelude::*;
use url::Url;

const SCHEME: &str = "dev.latchkey.debug";

/// Query strings built from the pieces a hostile link would use.
fn hostile_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("code".to_string()),
        Just("state".to_string()),
        Just("error".to_string()),
        Just("iss".to_string()),
        Just("error_description".to_string()),
        "[a-z_]{1,12}",
    ];
    let value = prop_oneof![
        "[A-Za-z0-9_-]{0,64}",
        "%[0-9A-F]{2}[ -~]{0,20}",
        "[ -~]{0,600}",
        Just(String::new()),
    ];
    prop::collection::vec((key, value), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_text_as_a_link_never_panics(text in "\\PC{0,300}") {
        let _ = deep_link::parse(SCHEME, &text);
    }

    #[test]
    fn links_with_our_scheme_never_panic(path in "[ -~]{0,80}", query in "[ -~]{0,300}") {
        let _ = deep_link::parse(SCHEME, &format!("{SCHEME}:{path}?{query}"));
    }

    #[test]
    fn no_callback_completes_a_flow_it_was_not_issued_for(query in hostile_query()) {
        let now = Instant::now();
        let mut flows = FlowRegistry::default();
        let redirect = Url::parse(&format!("{SCHEME}:/oauth/supabase")).unwrap();
        flows.start("supabase", redirect, None, FlowSecrets::random(), now);

        let raw = format!("{SCHEME}:/oauth/supabase?{query}");
        if let Ok(DeepLink::OAuthCallback { provider, url }) = deep_link::parse(SCHEME, &raw) {
            if let Ok(answer) = callback::parse(&url) {
                if let Some(state) = answer.state() {
                    prop_assert!(
                        flows.take(&provider, state, now).is_err(),
                        "a guessed state must never match the issued one"
                    );
                }
            }
        }
        prop_assert_eq!(flows.pending("supabase"), 1, "hostile input never consumes the real flow");
    }
}
