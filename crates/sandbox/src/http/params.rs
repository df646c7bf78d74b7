//! Query strings as Zendesk clients write them: repeated keys, `role[]=`, `page[size]=`, id lists.

#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

/// A value in an id list (`ids=1,2,x`) that is not an id.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{value}` in {key} is not an id")]
pub struct NotAnId {
    pub key: String,
    pub value: String,
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Values of `key` and `key[]`, comma lists split.
    pub fn all(&self, key: &str) -> Vec<String> {
        let bracket = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| *k == key || *k == bracket)
            .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn ids(&self, key: &str) -> Result<Vec<i64>, NotAnId> {
        self.all(key)
            .iter()
            .map(|s| s.parse::<i64>().map_err(|_| NotAnId { key: key.to_string(), value: s.clone() }))
            .collect()
    }

    /// Whether `include=` asks for `what`, plainly or in search's form `tickets(what,…)`.
    pub fn includes(&self, what: &str) -> bool {
        self.0.iter().filter(|(k, _)| k == "include").any(|(_, v)| {
            let v = v.trim();
            let list = v.strip_prefix("tickets(").and_then(|r| r.strip_suffix(')')).unwrap_or(v);
            list.split(',').any(|x| x.trim() == what)
        })
    }

    pub fn number(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.parse().ok())
    }

    /// The query string without the keys in `drop`, for building next/prev links.
    pub fn without(&self, drop: &[&str]) -> Vec<(String, String)> {
        self.0.iter().filter(|(k, _)| !drop.contains(&k.as_str())).cloned().collect()
    }
}
