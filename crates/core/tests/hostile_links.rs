//! Property tests: whatever arrives as a link or a launch argument (any
//! Unicode, any bytes), intake and parsing never panic, and no authorization
//! response completes a flow it was not issued for.

#[cfg(unix)]
use std::ffi::OsString;
#[cfg(unix)]
use std::os::unix::ffi::OsStringExt;

use latchkey_core::deep_link::{self, DeepLink};
use latchkey_core::oauth::callback;
use latchkey_core::oauth::flow::{FlowRegistry, FlowTime};
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
    fn any_unicode_launch_arguments_never_panic_the_intake(
        args in prop::collection::vec("\\PC{0,40}", 0..6),
        prefix_len in 0usize..40,
    ) {
        // Arguments of any length around the scheme's byte length, so
        // multi-byte characters straddle the prefix boundary.
        for scheme in [SCHEME, "dev.latchkey"] {
            let mut argv = vec!["latchkey".to_string()];
            argv.extend(args.iter().cloned());
            argv.push(format!("{}{}", &"a".repeat(prefix_len), args.concat()));
            for link in deep_link::links_in_args(scheme, &argv) {
                let prefix = format!("{scheme}:");
                prop_assert!(
                    link.to_ascii_lowercase().starts_with(&prefix),
                    "only arguments that start with our scheme are links"
                );
                every_parser_survives(scheme, &link);
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn any_byte_launch_arguments_never_panic_the_intake(
        args in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..60), 0..6),
    ) {
        for scheme in [SCHEME, "dev.latchkey"] {
            let mut argv = vec![OsString::from("latchkey")];
            argv.extend(args.iter().cloned().map(OsString::from_vec));
            // The same bytes behind our scheme, so they reach the parsers.
            argv.extend(args.iter().map(|a| {
                let mut v = format!("{scheme}:/oauth/supabase?code=").into_bytes();
                v.extend_from_slice(a);
                OsString::from_vec(v)
            }));
            for link in deep_link::links_in_os_args(scheme, argv.clone()) {
                every_parser_survives(scheme, &link);
            }
        }
    }

    #[test]
    fn any_text_behind_our_callback_route_never_panics_the_callback_parsers(
        tail in "\\PC{0,300}",
    ) {
        every_parser_survives(SCHEME, &format!("{SCHEME}:/oauth/supabase?{tail}"));
        every_parser_survives(SCHEME, &format!("{SCHEME}:/oauth/netlify#{tail}"));
    }

    #[test]
    fn no_callback_completes_a_flow_it_was_not_issued_for(query in hostile_query()) {
        let now = FlowTime::now();
        let mut flows = FlowRegistry::default();
        let redirect = Url::parse(&format!("{SCHEME}:/oauth/supabase")).unwrap();
        flows.start("supabase", redirect.clone(), redirect.clone(), None, FlowSecrets::random(), now);

        let raw = format!("{SCHEME}:/oauth/supabase?{query}");
        if let Ok(DeepLink::OAuthCallback { provider, url }) = deep_link::parse(SCHEME, &raw) {
            if let Ok(answer) = callback::parse(&url) {
                if let Some(state) = answer.state() {
                    prop_assert!(
                        flows.take(&provider, state, &url, now).is_err(),
                        "a guessed state must never match the issued one"
                    );
                }
            }
        }
        prop_assert_eq!(flows.pending("supabase"), 1, "hostile input never consumes the real flow");
    }
}

/// Runs a link through every parser it could reach; only a panic fails.
fn every_parser_survives(scheme: &str, raw: &str) {
    if let Ok(DeepLink::OAuthCallback { url, .. }) = deep_link::parse(scheme, raw) {
        let _ = callback::parse(&url);
        let _ = callback::parse_implicit(&url);
    }
}
