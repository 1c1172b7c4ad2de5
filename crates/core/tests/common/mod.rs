//! Shared by the engine's sandbox tests.

use url::Url;

/// Plays the browser after an admin pre-approval: the authorize request
/// answers 302, and the answer is where it points.
pub async fn approve_in_browser(authorize: &Url) -> Url {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http.get(authorize.clone()).send().await.unwrap();
    assert_eq!(
        response.status(),
        302,
        "the pre-approved authorize request redirects"
    );
    let location = response.headers()["location"].to_str().unwrap();
    Url::parse(location).unwrap()
}
