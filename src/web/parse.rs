//! Request bodies → library requests, with one [`FieldError`] per wrong field: a field of the
//! wrong JSON type, an unknown field (a misspelt one would otherwise be ignored), a body that is
//! not a JSON object. Value checks (ranges, formats) are the library's, shared with the CLI.

use crate::price::{FieldError, QuoteRequest};
use serde_json::{Map, Value};

/// The JSON object of a request body, or a `body` field error.
pub(crate) fn object(body: &[u8]) -> Result<Map<String, Value>, Vec<FieldError>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(vec![FieldError::new("body", "expected a JSON object")]),
        Err(e) => Err(vec![FieldError::new("body", format!("not JSON: {e}"))]),
    }
}

/// Typed reads of one object's fields, collecting every problem.
pub(crate) struct Fields {
    map: Map<String, Value>,
    prefix: String,
    /// Problems so far.
    pub errors: Vec<FieldError>,
}

impl Fields {
    pub(crate) fn new(map: Map<String, Value>) -> Fields {
        Fields::nested(map, "")
    }

    /// Fields of an object nested at `prefix` (e.g. `variants[0].`): problems name the full path.
    pub(crate) fn nested(map: Map<String, Value>, prefix: &str) -> Fields {
        Fields {
            map,
            prefix: prefix.to_string(),
            errors: Vec::new(),
        }
    }

    /// The full name of field `name`.
    pub(crate) fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        match self.map.remove(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => Some(v),
        }
    }

    fn wrong(&mut self, name: &str, expected: &str, got: &Value) {
        let field = self.path(name);
        self.errors.push(FieldError::new(
            &field,
            format!("expected {expected}, got {}", short(got)),
        ));
    }

    /// An optional number (a numeric string is accepted, as a form sends it).
    pub(crate) fn number(&mut self, name: &str) -> Option<f64> {
        let v = self.take(name)?;
        let n = match &v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
            _ => None,
        };
        if n.is_none() {
            self.wrong(name, "a number", &v);
        }
        n
    }

    /// An optional whole number ≥ 0 that fits in u32.
    pub(crate) fn count(&mut self, name: &str) -> Option<u32> {
        let v = self.take(name)?;
        let n = match &v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        }
        .and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.wrong(name, "a whole number ≥ 0", &v);
        }
        n
    }

    /// An optional string.
    pub(crate) fn string(&mut self, name: &str) -> Option<String> {
        let v = self.take(name)?;
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            other => {
                self.wrong(name, "a string", &other);
                None
            }
        }
    }

    /// An optional list of strings (a single string is a list of one).
    pub(crate) fn strings(&mut self, name: &str) -> Vec<String> {
        match self.take(name) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for it in items {
                    match it {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::String(_) => {}
                        other => self.wrong(name, "a list of strings", &other),
                    }
                }
                out
            }
            Some(other) => {
                self.wrong(name, "a list of strings", &other);
                Vec::new()
            }
        }
    }

    /// An optional nested object.
    pub(crate) fn object(&mut self, name: &str) -> Option<Map<String, Value>> {
        match self.take(name)? {
            Value::Object(m) => Some(m),
            other => {
                self.wrong(name, "an object", &other);
                None
            }
        }
    }

    /// An optional list of objects.
    pub(crate) fn objects(&mut self, name: &str) -> Vec<Map<String, Value>> {
        match self.take(name) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for it in items {
                    match it {
                        Value::Object(m) => out.push(m),
                        other => self.wrong(name, "a list of objects", &other),
                    }
                }
                out
            }
            Some(other) => {
                self.wrong(name, "a list of objects", &other);
                Vec::new()
            }
        }
    }

    /// Reports every field not read as unknown and returns all problems.
    pub(crate) fn finish(mut self) -> Vec<FieldError> {
        let mut unknown: Vec<String> = self.map.keys().cloned().collect();
        unknown.sort();
        for k in unknown {
            let field = self.path(&k);
            self.errors
                .push(FieldError::new(&field, "unknown field".to_string()));
        }
        self.errors
    }
}

/// A value for a message, cut short.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Reads a quote request from a JSON body: the fields of [`QuoteRequest`] (`null` or an empty
/// string = not given).
///
/// # Errors
/// One [`FieldError`] per wrong or unknown field, or for a body that is not a JSON object.
pub fn parse_quote_request(body: &[u8]) -> Result<QuoteRequest, Vec<FieldError>> {
    let (req, errors) = read_quote_request(body)?;
    if errors.is_empty() {
        Ok(req)
    } else {
        Err(errors)
    }
}

/// The request made of the fields that read, and the problems of those that did not (so the
/// value checks can still run on the rest); `Err` for a body that is not a JSON object.
pub(crate) fn read_quote_request(
    body: &[u8],
) -> Result<(QuoteRequest, Vec<FieldError>), Vec<FieldError>> {
    let mut f = Fields::new(object(body)?);
    let req = QuoteRequest {
        shop: f.string("shop"),
        daily_inquiries: f.number("daily_inquiries"),
        service_hours: f.string("service_hours"),
        aht: f.number("aht"),
        concurrency: f.count("concurrency"),
        sla: f.string("sla"),
        patience: f.number("patience"),
        order_value: f.number("order_value"),
        conversion: f.number("conversion"),
        platform: f.string("platform"),
        new_share: f.number("new_share"),
        wage: f.number("wage"),
        shrinkage: f.number("shrinkage"),
        peak_days: f.strings("peak_days"),
    };
    Ok((req, f.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_names_wrong_ones() {
        let r = parse_quote_request(
            br#"{"daily_inquiries": "800", "service_hours": "08:00-24:00", "concurrency": 3,
                "peak_days": ["2025-11-11:6"], "aht": null, "sla": ""}"#,
        )
        .unwrap();
        assert_eq!(r.daily_inquiries, Some(800.0));
        assert_eq!(r.concurrency, Some(3));
        assert_eq!(r.aht, None);
        assert_eq!(r.sla, None);
        assert_eq!(r.peak_days, vec!["2025-11-11:6".to_string()]);
        let e =
            parse_quote_request(br#"{"daily_inquiries": "many", "concurency": 2}"#).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["daily_inquiries", "concurency"]);
        let e = parse_quote_request(b"[1]").unwrap_err();
        assert_eq!(e[0].field, "body");
        let e = parse_quote_request(br#"{"concurrency": -1}"#).unwrap_err();
        assert_eq!(e[0].field, "concurrency");
    }
}
