//! A schema's type or format changed, judged as oasdiff judges it: either a change that breaks clients, or a
//! refinement that keeps them working — a request that accepts more (generalized), a response that returns less
//! (specialized), or a swap that only a loosely typed message tolerates (compatible: in text, XML or a header, a
//! number and a string look alike; in JSON they do not).

use serde_json::Value;

use super::{At, Change, Context, Place, Rule, ValueType};

/// What OpenAPI 3.0 can say of a value's type: one type or none (any value), and a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TypeFormat<'v> {
    pub ty: Option<&'v str>,
    pub format: Option<&'v str>,
}

impl<'v> TypeFormat<'v> {
    /// The same, owned, for the finding.
    fn owned(&self) -> ValueType {
        ValueType {
            ty: self.ty.map(str::to_owned),
            format: self.format.map(str::to_owned),
        }
    }

    pub fn of(schema: &'v Value) -> Self {
        let text = |key| schema.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
        TypeFormat {
            ty: text("type"),
            format: text("format"),
        }
    }
}

impl std::fmt::Display for TypeFormat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.ty, self.format) {
            (Some(ty), Some(format)) => write!(f, "{ty}/{format}"),
            (Some(ty), None) => f.write_str(ty),
            (None, Some(format)) => write!(f, "any/{format}"),
            (None, None) => f.write_str("any"),
        }
    }
}

/// How a type or format change affects clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Breaks clients (for a parameter's property, whose serialization the document does not fix: may break).
    Changed,
    /// The set of values widened.
    Generalized,
    /// The set of values narrowed.
    Specialized,
    /// A swap of one type for another that only a loosely typed message tolerates.
    Compatible,
}

/// Every value of `sub` is a value of `sup`: the same type, or an integer within number.
fn is_subtype(sub: &str, sup: &str) -> bool {
    sub == sup || (sub == "integer" && sup == "number")
}

/// A value written under type `from` is still one of type `to`. In a loosely typed message anything reads as a
/// string, and no type at all accepts anything.
fn type_accepts(from: Option<&str>, to: Option<&str>, strongly_typed: bool) -> bool {
    match (from, to) {
        (Some(from), Some(to)) if is_subtype(from, to) => true,
        _ if !strongly_typed => matches!(to, None | Some("string")),
        _ => false,
    }
}

/// A value of format `from` is still one of format `to` (for a value of type `ty`): no format accepts any, and a
/// few formats widen others.
fn format_accepts(ty: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    let Some(to) = to else { return true };
    let from = from.unwrap_or("");
    match ty {
        Some("number") => to == "double" && from == "float",
        Some("integer") => matches!((from, to), ("int32", "int64") | ("int32" | "int64", "bigint")),
        Some("string") => to == "date-time" && matches!(from, "date" | "time"),
        _ => false,
    }
}

impl TypeFormat<'_> {
    fn type_changed(&self, other: &Self) -> bool {
        self.ty != other.ty
    }

    /// Both have a type, and they differ: a swap, not a constraint added or dropped.
    fn swapped(&self, other: &Self) -> bool {
        self.type_changed(other) && self.ty.is_some() && other.ty.is_some()
    }

    /// `other`'s type takes in every value of this one (integer → number).
    fn widens_to(&self, other: &Self) -> bool {
        matches!((self.ty, other.ty), (Some(a), Some(b)) if a != b && is_subtype(a, b))
    }

    /// Written as `self`, read as `to`: does a value still pass, on both axes?
    fn breaks_toward(&self, to: &Self, strongly_typed: bool) -> bool {
        let type_breaks = self.type_changed(to) && !type_accepts(self.ty, to.ty, strongly_typed);
        let format_breaks = self.format != to.format && !format_accepts(to.ty, self.format, to.format);
        type_breaks || format_breaks
    }
}

/// A request body or property: clients send values of the old type, the server now reads the new one.
pub(super) fn request(old: TypeFormat, new: TypeFormat, strongly_typed: bool) -> Verdict {
    // No type any more accepts everything, whatever the format says.
    let dropped = old.type_changed(&new) && new.ty.is_none();
    if !dropped && old.breaks_toward(&new, strongly_typed) {
        Verdict::Changed
    } else if old.swapped(&new) && !old.widens_to(&new) {
        Verdict::Compatible
    } else {
        Verdict::Generalized
    }
}

/// A response body, property or header: the server now writes the new type, clients read the old one.
pub(super) fn response(old: TypeFormat, new: TypeFormat, strongly_typed: bool) -> Verdict {
    let narrowed = new.widens_to(&old);
    // A type where there was none returns a subset of what clients read.
    let added = old.type_changed(&new) && old.ty.is_none();
    let type_breaks = old.type_changed(&new) && !narrowed && !type_accepts(new.ty, old.ty, strongly_typed);
    let format_breaks = old.format != new.format && !format_accepts(old.ty, new.format, old.format);
    if !added && (type_breaks || format_breaks) {
        if old.widens_to(&new) {
            Verdict::Generalized
        } else {
            Verdict::Changed
        }
    } else if old.swapped(&new) && !narrowed {
        Verdict::Compatible
    } else {
        Verdict::Specialized
    }
}

/// A parameter's own value, always text on the wire.
pub(super) fn parameter(old: TypeFormat, new: TypeFormat) -> Verdict {
    if old.breaks_toward(&new, false) {
        Verdict::Changed
    } else {
        Verdict::Generalized
    }
}

/// A property of an object parameter, which the document does not say how to serialize (`a[b]=1` or JSON): a
/// change that breaks one way but not the other may break (`Changed`, a warning); one that breaks both ways is
/// `Specialized` (oasdiff's id for it).
pub(super) fn parameter_property(old: TypeFormat, new: TypeFormat) -> Verdict {
    match (old.breaks_toward(&new, true), old.breaks_toward(&new, false)) {
        (true, true) => Verdict::Specialized,
        (false, false) => Verdict::Generalized,
        _ => Verdict::Changed,
    }
}

impl Context<'_> {
    /// A type or format change of the schema at `at`, under the rule of its place and verdict. Whether one type
    /// was swapped for another: then the schemas' other keywords do not compare like with like.
    pub(super) fn type_change(&mut self, at: &At<'_>, old: &Value, new: &Value) -> bool {
        let (was, is) = (TypeFormat::of(old), TypeFormat::of(new));
        if was == is {
            return false;
        }
        let place = Place::of(at.side, at.subject);
        let strongly_typed = self.walk.strongly_typed;
        let verdict = match place {
            Place::Parameter => parameter(was, is),
            Place::ParameterProperty => parameter_property(was, is),
            Place::RequestBody | Place::RequestProperty => request(was, is, strongly_typed),
            Place::ResponseBody | Place::ResponseProperty => response(was, is, strongly_typed),
        };
        let rule = rule(place, verdict, was.type_changed(&is));
        let message = if was.type_changed(&is) {
            format!("{}: type changed from {was} to {is}", at.subject)
        } else {
            let show = |f: Option<&str>| f.unwrap_or("none").to_owned();
            format!(
                "{}: format changed from {} to {}",
                at.subject,
                show(was.format),
                show(is.format)
            )
        };
        self.push(
            Change::new(rule, at.location, message)
                .values(Some(was.to_string()), Some(is.to_string()))
                .types(was.owned(), is.owned())
                .target(at.target.clone()),
        );
        was.swapped(&is)
    }
}

/// The rule for a verdict at a place. A breaking change of the format alone keeps its own id where we have one
/// (see `FORMAT_APART` in the registry).
fn rule(place: Place, verdict: Verdict, type_changed: bool) -> Rule {
    use Verdict::*;
    match (place, verdict) {
        (Place::Parameter, Changed) if type_changed => Rule::RequestParameterTypeChanged,
        (Place::Parameter, Changed) => Rule::RequestParameterFormatChanged,
        (Place::Parameter, _) => Rule::RequestParameterTypeGeneralized,
        (Place::ParameterProperty, Changed) => Rule::RequestParameterPropertyTypeChanged,
        (Place::ParameterProperty, Specialized) => Rule::RequestParameterPropertyTypeSpecialized,
        (Place::ParameterProperty, _) => Rule::RequestParameterPropertyTypeGeneralized,
        (Place::RequestBody, Changed) if type_changed => Rule::RequestBodyTypeChanged,
        (Place::RequestBody | Place::RequestProperty, Changed) => Rule::RequestPropertyTypeChanged,
        (Place::RequestBody, Compatible) => Rule::RequestBodyTypeCompatible,
        (Place::RequestBody, _) => Rule::RequestBodyTypeGeneralized,
        (Place::RequestProperty, Compatible) => Rule::RequestPropertyTypeCompatible,
        (Place::RequestProperty, _) => Rule::RequestPropertyTypeGeneralized,
        (Place::ResponseBody, Changed) if type_changed => Rule::ResponseBodyTypeChanged,
        (Place::ResponseProperty, Changed) if type_changed => Rule::ResponsePropertyTypeChanged,
        (Place::ResponseBody | Place::ResponseProperty, Changed) => Rule::ResponsePropertyFormatChanged,
        (Place::ResponseBody, Generalized) => Rule::ResponseBodyTypeGeneralized,
        (Place::ResponseBody, Compatible) => Rule::ResponseBodyTypeCompatible,
        (Place::ResponseBody, Specialized) => Rule::ResponseBodyTypeSpecialized,
        (Place::ResponseProperty, Generalized) => Rule::ResponsePropertyTypeGeneralized,
        (Place::ResponseProperty, Compatible) => Rule::ResponsePropertyTypeCompatible,
        (Place::ResponseProperty, Specialized) => Rule::ResponsePropertyTypeSpecialized,
    }
}

/// A response header's type or format change: headers are text, so loosely typed.
pub(super) fn header_rule(old: TypeFormat, new: TypeFormat) -> Rule {
    match response(old, new, false) {
        Verdict::Changed => Rule::ResponseHeaderTypeChanged,
        Verdict::Generalized => Rule::ResponseHeaderTypeGeneralized,
        Verdict::Specialized => Rule::ResponseHeaderTypeSpecialized,
        Verdict::Compatible => Rule::ResponseHeaderTypeCompatible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tf<'a>(ty: Option<&'a str>, format: Option<&'a str>) -> TypeFormat<'a> {
        TypeFormat { ty, format }
    }

    #[test]
    fn requests_accept_wider_types_and_formats() {
        let int = tf(Some("integer"), None);
        let num = tf(Some("number"), None);
        let string = tf(Some("string"), None);
        assert_eq!(request(int, num, true), Verdict::Generalized);
        assert_eq!(request(num, int, true), Verdict::Changed);
        assert_eq!(request(int, string, true), Verdict::Changed);
        assert_eq!(request(int, string, false), Verdict::Compatible);
        assert_eq!(request(int, tf(None, None), true), Verdict::Generalized);
        assert_eq!(request(tf(None, None), int, true), Verdict::Changed);
        let int32 = tf(Some("integer"), Some("int32"));
        let int64 = tf(Some("integer"), Some("int64"));
        assert_eq!(request(int32, int64, true), Verdict::Generalized);
        assert_eq!(request(int64, int32, true), Verdict::Changed);
        assert_eq!(request(int64, int, true), Verdict::Generalized, "a format dropped");
    }

    #[test]
    fn responses_may_return_narrower_types_only() {
        let int = tf(Some("integer"), None);
        let num = tf(Some("number"), None);
        let string = tf(Some("string"), None);
        assert_eq!(response(num, int, true), Verdict::Specialized);
        assert_eq!(response(int, num, true), Verdict::Generalized);
        assert_eq!(response(string, int, true), Verdict::Changed);
        assert_eq!(response(string, int, false), Verdict::Compatible);
        assert_eq!(response(tf(None, None), int, true), Verdict::Specialized);
        assert_eq!(response(int, tf(None, None), true), Verdict::Changed);
        let date = tf(Some("string"), Some("date"));
        let date_time = tf(Some("string"), Some("date-time"));
        assert_eq!(response(date_time, date, true), Verdict::Specialized);
        assert_eq!(response(date, date_time, true), Verdict::Changed);
    }

    #[test]
    fn parameters_are_text_and_object_parameters_may_be_either() {
        let int = tf(Some("integer"), None);
        let string = tf(Some("string"), None);
        assert_eq!(parameter(int, string), Verdict::Generalized);
        assert_eq!(parameter(string, int), Verdict::Changed);
        assert_eq!(parameter_property(int, string), Verdict::Changed, "breaks only as JSON");
        assert_eq!(parameter_property(string, int), Verdict::Specialized);
        assert_eq!(parameter_property(int, tf(Some("number"), None)), Verdict::Generalized);
    }
}
