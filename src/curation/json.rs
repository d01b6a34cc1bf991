//! Finding and changing records in a store's JSON as written, by key and by id, keeping every
//! other key and value (and their order) as the author wrote them.

use crate::store::canonical::Json;
use crate::store::format::key;

pub(crate) fn field_mut<'j>(record: &'j mut Json, key: &str) -> Option<&'j mut Json> {
    match record {
        Json::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

pub(crate) fn array_mut<'j>(doc: &'j mut Json, key: &str) -> Option<&'j mut Vec<Json>> {
    match field_mut(doc, key) {
        Some(Json::Array(items)) => Some(items),
        _ => None,
    }
}

pub(crate) fn id_of(record: &Json) -> Option<&str> {
    match record {
        Json::Object(entries) => entries.iter().find(|(k, _)| k == key::ID).and_then(|(_, v)| match v {
            Json::String(id) => Some(id.as_str()),
            _ => None,
        }),
        _ => None,
    }
}
