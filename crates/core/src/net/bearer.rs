//! Requests with a bearer token, answered as JSON or as an [`ApiError`] with
//! the provider's own message. Shared by every provider API client. Answers
//! are read through [`read_body_limited`], so none is larger than [`MAX_BODY`].

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use url::Url;

use crate::net::api_error::ApiError;
use crate::net::body::{read_body_limited, MAX_BODY};
use crate::net::{self, HttpFailure};

pub(crate) fn url(base: &Url, segments: &[&str]) -> Result<Url, ApiError> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|_| ApiError::BadResponse)?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

pub(crate) async fn get_json<T: DeserializeOwned>(
    http: &reqwest::Client,
    url: Url,
    query: &[(&str, String)],
    token: &SecretString,
) -> Result<T, ApiError> {
    send_json(http.get(url).query(query), token).await
}

pub(crate) async fn post_json<T: DeserializeOwned>(
    http: &reqwest::Client,
    url: Url,
    body: &serde_json::Value,
    token: &SecretString,
) -> Result<T, ApiError> {
    send_json(http.post(url).json(body), token).await
}

/// Sends `request` with the bearer token and reads the JSON answer.
pub(crate) async fn send_json<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    token: &SecretString,
) -> Result<T, ApiError> {
    let body = send(request, token).await?;
    serde_json::from_slice(&body).map_err(|_| ApiError::BadResponse)
}

/// Sends `request` for its status alone: an action whose success answer
/// has no body (or one nobody needs).
pub(crate) async fn send_for_status(
    request: reqwest::RequestBuilder,
    token: &SecretString,
) -> Result<(), ApiError> {
    send(request, token).await.map(|_| ())
}

/// The answer's body once its status says success.
async fn send(
    request: reqwest::RequestBuilder,
    token: &SecretString,
) -> Result<bytes::Bytes, ApiError> {
    let response = request
        .bearer_auth(token.expose_secret())
        .send()
        .await
        .map_err(|e| ApiError::Network(HttpFailure::from_reqwest(&e)))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = read_body_limited(response, MAX_BODY)
        .await
        .map_err(ApiError::Network)?;
    net::check_status(status, &headers, &body).map_err(ApiError::from_failure)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::net::body::test_server::{server, soon, Answer};

    #[tokio::test]
    async fn an_answer_over_the_size_cap_is_refused_without_reading_it() {
        let url = server(Answer::HugeLength).await;
        let http = net::client();
        let answer = soon(
            "send_json",
            send_json::<serde_json::Value>(http.get(url), &SecretString::from("t")),
        )
        .await;
        assert!(
            matches!(answer, Err(ApiError::Network(HttpFailure::Body))),
            "a 1 GiB answer is refused as unreadable: {answer:?}"
        );
    }
}
