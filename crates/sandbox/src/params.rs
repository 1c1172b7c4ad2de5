//! Query strings and form bodies, read by hand.
//!
//! axum's `Query`/`Form` extractors answer bad input with plain-text errors;
//! the Management API answers `{"message": ...}`. Reading the pairs ourselves
//! also lets us refuse repeated parameters (RFC 6749 §3.1: "MUST NOT be
//! included more than once") and unknown ones where a spec says
//! `additionalProperties: false`.

use crate::error::ApiError;

#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(raw: &[u8]) -> Self {
        Self {
            pairs: url::form_urlencoded::parse(raw).into_owned().collect(),
        }
    }

    pub fn from_query(uri: &axum::http::Uri) -> Self {
        Self::parse(uri.query().unwrap_or("").as_bytes())
    }

    /// The one value of `name`; an error if it is repeated.
    pub fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "Parameter {name} was given more than once"
            )));
        }
        Ok(first)
    }

    /// Like [`Params::single`], but an empty value counts as absent.
    pub fn non_empty(&self, name: &str) -> Result<Option<&str>, ApiError> {
        Ok(self.single(name)?.filter(|v| !v.is_empty()))
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first parameter outside `allowed`, if any.
    pub fn unknown(&self, allowed: &[&str]) -> Option<&str> {
        let mut names = self.pairs.iter().map(|(k, _)| k.as_str());
        names.find(|k| !allowed.contains(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_unknown_parameters_are_refused() {
        let p = Params::parse(b"a=1&b=2&a=3&c=");
        assert!(p.single("a").is_err());
        assert_eq!(p.single("b").unwrap(), Some("2"));
        assert_eq!(p.non_empty("c").unwrap(), None);
        assert_eq!(p.all("a").collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(p.unknown(&["a", "b"]), Some("c"));
    }
}
