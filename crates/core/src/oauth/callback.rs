//! The authorization response, whichever way it arrives (deep link, relay,
//! loopback): a URL whose query carries either `code` + `state` or `error`
//! (+ `state`). Parsing is strict and never formats a value it reads.

use std::collections::HashMap;

use secrecy::SecretString;
use url::Url;

/// Longest `code` or `state` we accept; real ones are well under 200 bytes.
const MAX_VALUE_LEN: usize = 512;

/// Parameters a provider may add that we read or may safely ignore.
const KNOWN: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "code",
    "state",
    "error",
    "error_description",
    "error_uri",
    "iss",
    "scope",
];

pub enum Callback {
    Code {
        code: SecretString,
        state: String,
        /// RFC 9207 issuer, checked when present.
        iss: Option<String>,
    },
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
    /// The implicit grant's answer: the token itself, from the URL fragment.
    Token {
        access_token: SecretString,
        state: String,
    },
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callback::Code { .. } => f.write_str("Callback::Code { .. }"),
            Callback::Token { .. } => f.write_str("Callback::Token { .. }"),
            Callback::Error { error, .. } => {
                write!(f, "Callback::Error {{ error: {error:?}, .. }}")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("the sign-in answer has an unexpected parameter")]
    UnknownParameter,
    #[error("the sign-in answer repeats a parameter")]
    RepeatedParameter,
    #[error("the sign-in answer has neither a code nor an error")]
    Incomplete,
    #[error("the sign-in answer has both a code and an error")]
    Ambiguous,
    #[error("the sign-in answer has no state")]
    MissingState,
    #[error("a value in the sign-in answer is too long or not printable")]
    BadValue,
    #[error("the sign-in answer carries data in its fragment, which this sign-in never uses")]
    UnexpectedFragment,
    #[error("the sign-in answer has no access token in its fragment")]
    MissingToken,
}

impl Callback {
    pub fn state(&self) -> Option<&str> {
        match self {
            Callback::Code { state, .. } => Some(state),
            Callback::Error { state, .. } => state.as_deref(),
            Callback::Token { state, .. } => Some(state),
        }
    }
}

/// The `state` an incoming link claims to answer, read leniently (the only
/// lenient read here) so that a link for no waiting sign-in can be told
/// apart, and ignored quietly, before the strict parse has a say. `None`
/// when there is no single, plausible state.
pub fn claimed_state(url: &Url, implicit: bool) -> Option<String> {
    let fragment;
    let pairs = if implicit {
        fragment = url.fragment().unwrap_or_default().to_owned();
        url::form_urlencoded::parse(fragment.as_bytes())
    } else {
        url.query_pairs()
    };
    let mut states = pairs.filter(|(k, _)| k == "state").map(|(_, v)| v);
    let state = states.next()?;
    (states.next().is_none() && !state.is_empty() && state.len() <= MAX_VALUE_LEN)
        .then(|| state.into_owned())
}

/// The code flow's answer, in the query. A fragment is refused: the code
/// flow never puts anything there.
pub fn parse(url: &Url) -> Result<Callback, CallbackError> {
    if url.fragment().is_some_and(|f| !f.is_empty()) {
        return Err(CallbackError::UnexpectedFragment);
    }
    let params = read_params(url.query_pairs())?;
    from_params(params)
}

/// The implicit grant's answer, in the fragment: `access_token`, `state`
/// (or an error). Only for providers set up for it.
pub fn parse_implicit(url: &Url) -> Result<Callback, CallbackError> {
    let fragment = url.fragment().unwrap_or_default();
    let mut params = read_params(url::form_urlencoded::parse(fragment.as_bytes()))?;
    if params.contains_key("error") {
        return from_params(params);
    }
    let state = params
        .remove("state")
        .filter(|s| !s.is_empty())
        .ok_or(CallbackError::MissingState)?;
    let token = params
        .remove("access_token")
        .filter(|t| !t.is_empty())
        .ok_or(CallbackError::MissingToken)?;
    Ok(Callback::Token {
        access_token: SecretString::from(token),
        state,
    })
}

fn read_params<'a>(
    pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
) -> Result<HashMap<String, String>, CallbackError> {
    let mut params: HashMap<String, String> = HashMap::new();
    for (key, value) in pairs {
        if !KNOWN.contains(&key.as_ref()) {
            return Err(CallbackError::UnknownParameter);
        }
        if value.len() > MAX_VALUE_LEN || value.chars().any(|c| c.is_control()) {
            return Err(CallbackError::BadValue);
        }
        if params
            .insert(key.into_owned(), value.into_owned())
            .is_some()
        {
            return Err(CallbackError::RepeatedParameter);
        }
    }
    Ok(params)
}

fn from_params(mut params: HashMap<String, String>) -> Result<Callback, CallbackError> {
    let state = params.remove("state").filter(|s| !s.is_empty());
    match (params.remove("code"), params.remove("error")) {
        (Some(_), Some(_)) => Err(CallbackError::Ambiguous),
        (Some(code), None) if !code.is_empty() => Ok(Callback::Code {
            code: SecretString::from(code),
            state: state.ok_or(CallbackError::MissingState)?,
            iss: params.remove("iss"),
        }),
        (None, Some(error)) if !error.is_empty() => Ok(Callback::Error {
            error,
            description: params.remove("error_description"),
            state,
        }),
        _ => Err(CallbackError::Incomplete),
    }
}

/// Words for the UI, for the error codes RFC 6749 §4.1.2.1 defines.
pub fn describe_error(error: &str) -> &'static str {
    match error {
        "access_denied" => "You declined the request in the browser, so nothing was connected.",
        "invalid_scope" => {
            "The provider rejected the requested permissions. Check the OAuth app's scopes."
        }
        "unauthorized_client" | "invalid_client" => {
            "The provider does not accept this app's client id. Check Settings."
        }
        "server_error" | "temporarily_unavailable" => {
            "The provider had a problem handling the sign-in. Try again in a moment."
        }
        _ => "The provider refused the sign-in.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn url(q: &str) -> Url {
        Url::parse(&format!("dev.latchkey.debug:/oauth/supabase?{q}")).unwrap()
    }

    #[test]
    fn a_code_and_state_are_read() {
        match parse(&url(
            "code=abc&state=xyz&iss=https%3A%2F%2Fapi.supabase.com",
        ))
        .unwrap()
        {
            Callback::Code { code, state, iss } => {
                assert_eq!(code.expose_secret(), "abc");
                assert_eq!(state, "xyz");
                assert_eq!(iss.as_deref(), Some("https://api.supabase.com"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_error_is_read_with_its_state() {
        let cb = parse(&url("error=access_denied&state=xyz")).unwrap();
        assert_eq!(cb.state(), Some("xyz"));
        assert!(matches!(cb, Callback::Error { ref error, .. } if error == "access_denied"));
    }

    #[test]
    fn malformed_answers_are_rejected() {
        let cases = [
            ("code=a&state=s&code=b", CallbackError::RepeatedParameter),
            ("code=a&state=s&evil=1", CallbackError::UnknownParameter),
            ("code=a", CallbackError::MissingState),
            ("code=a&state=", CallbackError::MissingState),
            ("state=s", CallbackError::Incomplete),
            ("code=&state=s", CallbackError::Incomplete),
            ("code=a&error=x&state=s", CallbackError::Ambiguous),
            ("code=a%0Ab&state=s", CallbackError::BadValue),
        ];
        for (q, want) in cases {
            assert_eq!(parse(&url(q)).unwrap_err(), want, "{q}");
        }
        let long = format!("code={}&state=s", "a".repeat(MAX_VALUE_LEN + 1));
        assert_eq!(parse(&url(&long)).unwrap_err(), CallbackError::BadValue);
    }

    #[test]
    fn the_implicit_answer_comes_from_the_fragment_and_only_there() {
        let url = Url::parse(
            "dev.latchkey.debug:/oauth/netlify#access_token=TOKEN&token_type=Bearer&state=xyz",
        )
        .unwrap();
        match parse_implicit(&url).unwrap() {
            Callback::Token {
                access_token,
                state,
            } => {
                assert_eq!(access_token.expose_secret(), "TOKEN");
                assert_eq!(state, "xyz");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse(&url).unwrap_err(),
            CallbackError::UnexpectedFragment,
            "the code flow refuses fragments"
        );
        let no_token = Url::parse("dev.latchkey.debug:/oauth/netlify#state=xyz").unwrap();
        assert_eq!(
            parse_implicit(&no_token).unwrap_err(),
            CallbackError::MissingToken
        );
        assert!(!format!("{:?}", parse_implicit(&url).unwrap()).contains("TOKEN"));
    }

    #[test]
    fn debug_never_shows_the_code() {
        let cb = parse(&url("code=SECRETCODE&state=s")).unwrap();
        assert!(!format!("{cb:?}").contains("SECRETCODE"));
    }
}
