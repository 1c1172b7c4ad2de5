//! Strict parsing of links that arrive as `<scheme>:/<route>?…`.
//!
//! Links come from anywhere: a web page, another program, a user pasting into
//! a terminal. So parsing is strict (one scheme, no host, no credentials, no
//! fragment, no repeated or unknown parameters, bounded length), failure is an
//! ordinary value, and nothing here ever formats a link's query values: the
//! OAuth routes added later carry authorization codes. The `/debug/…` routes
//! exist only on the debug channel's scheme.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;
use url::Url;

use crate::channel::Channel;

/// Longest link we look at. Real callbacks are a few hundred bytes.
pub const MAX_LINK_LEN: usize = 4096;

/// A link we understood. Its `Debug` shows the route only.
#[derive(Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// `/debug/ping?n=<u32>`: proves delivery through the OS end to end.
    /// Only on the debug scheme (`dev.latchkey.debug`).
    DebugPing { n: u32 },
    /// `/oauth/<provider>?…`: an authorization response. The query is read by
    /// [`crate::oauth::callback::parse`]; the path names the provider, so a
    /// response can only complete a flow of that provider (mix-up defence).
    OAuthCallback { provider: String, url: Url },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeepLinkError {
    #[error("the link is longer than {MAX_LINK_LEN} bytes")]
    TooLong,
    #[error("the link is not a valid URL")]
    NotAUrl,
    #[error("the link is for another application")]
    WrongScheme,
    #[error("the link has a host, user or fragment part, which Latchkey links never have")]
    UnexpectedParts,
    #[error("no Latchkey page answers this link's path")]
    UnknownRoute,
    #[error("the link's parameters are malformed ({0})")]
    BadParameters(&'static str),
}

/// What the UI may show about a received link: its route and only the values
/// that are known to be harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LinkSummary {
    pub route: String,
    pub detail: String,
}

impl std::fmt::Debug for DeepLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeepLink({})", self.summary().route)
    }
}

impl DeepLink {
    pub fn summary(&self) -> LinkSummary {
        match self {
            DeepLink::DebugPing { n } => LinkSummary {
                route: "debug/ping".into(),
                detail: format!("n={n}"),
            },
            // Never any of its values: they are a code and a state.
            DeepLink::OAuthCallback { provider, .. } => LinkSummary {
                route: format!("oauth/{provider}"),
                detail: String::new(),
            },
        }
    }
}

/// Parses `raw` as a link for `scheme`.
pub fn parse(scheme: &str, raw: &str) -> Result<DeepLink, DeepLinkError> {
    if raw.len() > MAX_LINK_LEN {
        return Err(DeepLinkError::TooLong);
    }
    let url = Url::parse(raw).map_err(|_| DeepLinkError::NotAUrl)?;
    if !url.scheme().eq_ignore_ascii_case(scheme) {
        return Err(DeepLinkError::WrongScheme);
    }
    if url.host().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(DeepLinkError::UnexpectedParts);
    }
    if let Some(provider) = url.path().strip_prefix("/oauth/") {
        if provider.is_empty()
            || provider.len() > 32
            || !provider.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        {
            return Err(DeepLinkError::UnknownRoute);
        }
        // A fragment is the implicit grant's answer; the callback parser
        // accepts it only for a provider configured for that grant.
        return Ok(DeepLink::OAuthCallback {
            provider: provider.to_owned(),
            url,
        });
    }
    if url.fragment().is_some() {
        return Err(DeepLinkError::UnexpectedParts);
    }
    let params = unique_params(&url)?;
    match url.path() {
        // Only debug builds answer it: a release copy has no debug surface.
        "/debug/ping" if scheme.eq_ignore_ascii_case(Channel::Debug.scheme()) => {
            parse_ping(&params)
        }
        _ => Err(DeepLinkError::UnknownRoute),
    }
}

/// The arguments of a process launch that are links for `scheme`. Desktop
/// launchers pass the link as the only argument (`Exec=… %u`), but a user may
/// add flags, so every argument is looked at.
///
/// Arguments are arbitrary text from whoever launched us, so the prefix is
/// compared as bytes: slicing the `str` at the scheme's length would panic
/// when that byte falls inside a multi-byte character.
pub fn links_in_args<I, S>(scheme: &str, args: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let prefix = format!("{scheme}:");
    args.into_iter()
        .skip(1) // the program itself
        .filter(|a| {
            a.as_ref()
                .as_bytes()
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
        })
        .map(|a| a.as_ref().to_owned())
        .collect()
}

/// [`links_in_args`] for `std::env::args_os()`, which (unlike
/// `std::env::args()`) never panics on an argument that is not UTF-8. Such an
/// argument is converted lossily (U+FFFD); if it is a link, [`parse`] then
/// sees the replacement character and refuses or ignores it like any other
/// odd value.
pub fn links_in_os_args<I>(scheme: &str, args: I) -> Vec<String>
where
    I: IntoIterator<Item = std::ffi::OsString>,
{
    links_in_args(
        scheme,
        args.into_iter().map(|a| a.to_string_lossy().into_owned()),
    )
}

fn unique_params(url: &Url) -> Result<HashMap<String, String>, DeepLinkError> {
    let mut params = HashMap::new();
    for (key, value) in url.query_pairs() {
        if params
            .insert(key.into_owned(), value.into_owned())
            .is_some()
        {
            return Err(DeepLinkError::BadParameters("a parameter is repeated"));
        }
    }
    Ok(params)
}

fn parse_ping(params: &HashMap<String, String>) -> Result<DeepLink, DeepLinkError> {
    if params.keys().any(|k| k != "n") {
        return Err(DeepLinkError::BadParameters("unknown parameter"));
    }
    let n = params
        .get("n")
        .ok_or(DeepLinkError::BadParameters("n is missing"))?
        .parse()
        .map_err(|_| DeepLinkError::BadParameters("n is not a number"))?;
    Ok(DeepLink::DebugPing { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "dev.latchkey.debug";

    #[test]
    fn accepts_the_one_slash_form_rfc_8252_uses() {
        assert_eq!(
            parse(S, "dev.latchkey.debug:/debug/ping?n=7"),
            Ok(DeepLink::DebugPing { n: 7 })
        );
        assert_eq!(
            parse(S, "DEV.Latchkey.Debug:/debug/ping?n=7"),
            Ok(DeepLink::DebugPing { n: 7 }),
            "schemes are case-insensitive (RFC 3986 §3.1)"
        );
    }

    #[test]
    fn the_debug_route_answers_only_on_the_debug_scheme() {
        assert_eq!(
            parse("dev.latchkey", "dev.latchkey:/debug/ping?n=1"),
            Err(DeepLinkError::UnknownRoute),
            "a release build has no debug route"
        );
        assert!(matches!(
            parse(
                "dev.latchkey",
                "dev.latchkey:/oauth/supabase?code=c&state=s"
            ),
            Ok(DeepLink::OAuthCallback { .. })
        ));
        assert_eq!(
            parse(S, "dev.latchkey.debug:/debug/ping?n=1"),
            Ok(DeepLink::DebugPing { n: 1 })
        );
    }

    #[test]
    fn rejects_links_that_are_not_ours_or_not_well_formed() {
        let cases = [
            ("dev.latchkey:/debug/ping?n=1", DeepLinkError::WrongScheme),
            (
                "https://evil.example/debug/ping?n=1",
                DeepLinkError::WrongScheme,
            ),
            (
                "dev.latchkey.debug://evil.example/debug/ping?n=1",
                DeepLinkError::UnexpectedParts,
            ),
            (
                "dev.latchkey.debug:/debug/ping?n=1#frag",
                DeepLinkError::UnexpectedParts,
            ),
            (
                "dev.latchkey.debug:/debug/ping?n=1&n=2",
                DeepLinkError::BadParameters("a parameter is repeated"),
            ),
            (
                "dev.latchkey.debug:/debug/ping?n=x",
                DeepLinkError::BadParameters("n is not a number"),
            ),
            (
                "dev.latchkey.debug:/debug/ping",
                DeepLinkError::BadParameters("n is missing"),
            ),
            (
                "dev.latchkey.debug:/debug/ping?n=1&x=2",
                DeepLinkError::BadParameters("unknown parameter"),
            ),
            ("dev.latchkey.debug:/elsewhere", DeepLinkError::UnknownRoute),
            ("not a url", DeepLinkError::NotAUrl),
            ("", DeepLinkError::NotAUrl),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(S, raw), Err(want), "{raw}");
        }
        let long = format!(
            "dev.latchkey.debug:/debug/ping?n=1&pad={}",
            "a".repeat(MAX_LINK_LEN)
        );
        assert_eq!(parse(S, &long), Err(DeepLinkError::TooLong));
    }

    #[test]
    fn oauth_callbacks_are_routed_by_provider_and_summarised_without_values() {
        let link = parse(
            S,
            "dev.latchkey.debug:/oauth/supabase?code=SECRETCODE&state=s",
        )
        .unwrap();
        let DeepLink::OAuthCallback { ref provider, .. } = link else {
            panic!("{link:?}")
        };
        assert_eq!(provider, "supabase");
        let summary = link.summary();
        assert_eq!(summary.route, "oauth/supabase");
        assert!(!summary.detail.contains("SECRETCODE"));
        assert!(!format!("{link:?}").contains("SECRETCODE"));
        for bad in ["/oauth/", "/oauth/Supa", "/oauth/a/b", "/oauth/x%2Fy"] {
            assert_eq!(
                parse(S, &format!("{S}:{bad}?code=1")),
                Err(DeepLinkError::UnknownRoute),
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_never_echo_the_link() {
        let err = parse(S, "dev.latchkey.debug:/elsewhere?code=SECRETCODE").unwrap_err();
        assert!(!err.to_string().contains("SECRETCODE"));
        assert!(!format!("{err:?}").contains("SECRETCODE"));
    }

    #[test]
    fn finds_links_among_launch_arguments() {
        let args = [
            "/usr/bin/latchkey",
            "--verbose",
            "dev.latchkey.debug:/debug/ping?n=1",
            "dev.latchkey:/x",
        ];
        assert_eq!(
            links_in_args(S, args),
            vec!["dev.latchkey.debug:/debug/ping?n=1"]
        );
        assert!(
            links_in_args(S, ["dev.latchkey.debug:/debug/ping?n=1"]).is_empty(),
            "argv[0] is the program"
        );
    }

    #[test]
    fn an_argument_with_a_multibyte_char_across_the_prefix_length_is_skipped_not_a_panic() {
        // "dev.latchkey:" is 13 bytes; the 13th byte of this argument falls
        // inside the two-byte 'é'. Slicing the str there used to panic.
        let args = ["latchkey", "aaaaaaaaaaaaé", "--profile=éééééééééé"];
        assert!(links_in_args("dev.latchkey", args).is_empty());
        assert_eq!(
            links_in_args("dev.latchkey", ["latchkey", "DEV.LATCHKEY:/x"]),
            vec!["DEV.LATCHKEY:/x"],
            "the scheme still matches case-insensitively"
        );
    }

    #[cfg(unix)]
    #[test]
    fn os_arguments_that_are_not_utf8_are_converted_lossily_never_a_panic() {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let args = [
            OsString::from("latchkey"),
            OsString::from_vec(b"\xff\xfe not utf-8".to_vec()),
            OsString::from_vec(b"dev.latchkey:/debug/ping?n=1&x=\xff".to_vec()),
            OsString::from("dev.latchkey:/debug/ping?n=2"),
        ];
        assert_eq!(
            links_in_os_args("dev.latchkey", args),
            vec![
                "dev.latchkey:/debug/ping?n=1&x=\u{fffd}",
                "dev.latchkey:/debug/ping?n=2"
            ],
            "a link with a stray byte is kept (lossily) so the parser can refuse it"
        );
    }
}
