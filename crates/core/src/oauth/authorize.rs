//! The authorize URL the system browser opens.

use url::Url;

use crate::providers::ProviderDefinition;

pub struct AuthorizeRequest<'a> {
    pub redirect_uri: &'a Url,
    pub state: &'a str,
    /// S256 challenge, when the provider uses PKCE.
    pub code_challenge: Option<&'a str>,
    /// Organization to preselect, when the provider supports it.
    pub organization: Option<&'a str>,
}

pub fn authorize_url(def: &ProviderDefinition, req: &AuthorizeRequest<'_>) -> Url {
    let mut url = def.authorize_url.clone();
    {
        let mut q = url.query_pairs_mut();
        q.append_pair(
            "response_type",
            if def.implicit_grant { "token" } else { "code" },
        )
        .append_pair("client_id", &def.client_id)
        .append_pair("redirect_uri", req.redirect_uri.as_str())
        .append_pair("state", req.state);
        if let Some(challenge) = req.code_challenge {
            q.append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", "S256");
        }
        if let Some(scope) = def.scope_param() {
            q.append_pair("scope", &scope);
        }
        if let (Some(param), Some(org)) = (&def.organization_param, req.organization) {
            q.append_pair(param, org);
        }
        for (k, v) in &def.extra_authorize_params {
            q.append_pair(k, v);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn carries_pkce_state_and_the_preselected_organization() {
        let def = crate::providers::supabase::definition();
        let redirect = Url::parse("dev.latchkey:/oauth/supabase").unwrap();
        let url = authorize_url(
            &def,
            &AuthorizeRequest {
                redirect_uri: &redirect,
                state: "st",
                code_challenge: Some("ch"),
                organization: Some("acme"),
            },
        );
        let q: HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(url.path(), "/v1/oauth/authorize");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], def.client_id);
        assert_eq!(q["redirect_uri"], "dev.latchkey:/oauth/supabase");
        assert_eq!(q["state"], "st");
        assert_eq!(q["code_challenge"], "ch");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["organization_slug"], "acme");
        assert!(
            !q.contains_key("scope"),
            "Supabase fixes scopes per OAuth app"
        );
    }
}
