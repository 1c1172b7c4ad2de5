//! Netlify's page-numbered lists: `page` (from 1) and `per_page` (default
//! 100, at most 100) in, the page's slice and an RFC 8288 `Link` header
//! (`first`, `prev`, `next`, `last` where they apply, absolute URLs) out.
//! Used by `/sites`, `/{account_slug}/sites` and `/sites/{id}/deploys`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::params::Params;

use super::{Answer, Call, NetlifyError, PREFIX};

const DEFAULT_PER_PAGE: usize = 100;
const MAX_PER_PAGE: usize = 100;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    page: usize,
    per_page: usize,
}

impl Page {
    /// Reads `page` and `per_page`; a bad value is a 422 to send back.
    pub fn from_query(q: &Params) -> Answer<Page> {
        Ok(Page {
            page: positive(q, "page", 1)?,
            per_page: positive(q, "per_page", DEFAULT_PER_PAGE)?.min(MAX_PER_PAGE),
        })
    }

    /// This page of `all`, each item as `json` makes it, with the `Link`
    /// header of a list at `path` (after `/api/v1/`) on the host the client
    /// called.
    pub fn answer<T>(
        &self,
        call: &Call,
        path: &str,
        all: &[T],
        json: impl Fn(&T) -> Value,
    ) -> Response {
        let skip = (self.page - 1).saturating_mul(self.per_page);
        let items = all.iter().skip(skip).take(self.per_page);
        let body: Vec<Value> = items.map(json).collect();
        let mut r = Json(body).into_response();
        let host = (call.headers.get(header::HOST))
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let last = all.len().div_ceil(self.per_page).max(1);
        let base = format!("http://{host}{PREFIX}/api/v1/{path}");
        let link = link_header(&base, self.page, self.per_page, last);
        if let Ok(v) = HeaderValue::from_str(&link) {
            r.headers_mut().insert(header::LINK, v);
        }
        r
    }
}

/// A positive integer query parameter.
fn positive(q: &Params, name: &str, default: usize) -> Answer<usize> {
    let refused = || NetlifyError::unprocessable(format!("{name} must be a positive integer"));
    match q.non_empty(name)? {
        None => Ok(default),
        Some(raw) => raw.parse().ok().filter(|n| *n >= 1).ok_or_else(refused),
    }
}

/// RFC 8288 `Link` with the relations that apply to `page` of `last`.
pub(crate) fn link_header(base: &str, page: usize, per_page: usize, last: usize) -> String {
    let url = |p: usize| format!("<{base}?page={p}&per_page={per_page}>");
    let mut parts = Vec::new();
    if page > 1 {
        parts.push(format!("{}; rel=\"first\"", url(1)));
        parts.push(format!("{}; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        parts.push(format!("{}; rel=\"next\"", url(page + 1)));
    }
    parts.push(format!("{}; rel=\"last\"", url(last)));
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::link_header;

    #[test]
    fn link_relations_depend_on_the_page() {
        let first = link_header("http://h/s", 1, 5, 3);
        assert_eq!(
            first,
            "<http://h/s?page=2&per_page=5>; rel=\"next\", <http://h/s?page=3&per_page=5>; rel=\"last\""
        );
        let last = link_header("http://h/s", 3, 5, 3);
        assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    }
}
