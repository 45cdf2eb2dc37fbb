//! `deliveryType`, an open enum: the known values are typed, any other value is kept as it came.
//!
//! Generated enums are exhaustive, so one value Atlas adds later would make a whole page undecodable. The
//! generator substitutes this type for the spec's `DeliveryType` schema (see `xtask/src/codegen.rs`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a restore job delivers the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeliveryType {
    /// Atlas restores the snapshot into the target instance (the only value Atlas returns for serverless).
    Automated,
    /// The snapshot is offered as files to download, see `deliveryUrl`.
    Download,
    /// Atlas restores to a point in time.
    PointInTime,
    /// A value this version of the client does not know, kept verbatim so that it serializes back unchanged.
    Unknown(String),
}

impl DeliveryType {
    /// The value as Atlas spells it.
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryType::Automated => "automated",
            DeliveryType::Download => "download",
            DeliveryType::PointInTime => "pointInTime",
            DeliveryType::Unknown(other) => other,
        }
    }
}

impl FromStr for DeliveryType {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(match value {
            "automated" => DeliveryType::Automated,
            "download" => DeliveryType::Download,
            "pointInTime" => DeliveryType::PointInTime,
            other => DeliveryType::Unknown(other.to_owned()),
        })
    }
}

impl fmt::Display for DeliveryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DeliveryType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DeliveryType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        let Ok(parsed) = value.parse();
        Ok(parsed)
    }
}

impl schemars::JsonSchema for DeliveryType {
    fn schema_name() -> String {
        "DeliveryType".into()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        // Any string is accepted; the known values are listed as examples, not as a closed `enum`.
        let mut schema = String::json_schema(generator).into_object();
        schema.metadata().description =
            Some("How the restore job delivers the snapshot; values other than these may appear.".into());
        schema.metadata().examples = ["automated", "download", "pointInTime"]
            .into_iter()
            .map(serde_json::Value::from)
            .collect();
        schema.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_typed_and_unknown_ones_kept() {
        let values: Vec<DeliveryType> =
            serde_json::from_str(r#"["automated","download","pointInTime","restoreToMars"]"#).unwrap();
        assert_eq!(
            values,
            [
                DeliveryType::Automated,
                DeliveryType::Download,
                DeliveryType::PointInTime,
                DeliveryType::Unknown("restoreToMars".into()),
            ]
        );
        let back = serde_json::to_string(&values).unwrap();
        assert_eq!(back, r#"["automated","download","pointInTime","restoreToMars"]"#);
    }

    #[test]
    fn a_non_string_value_is_an_error() {
        assert!(serde_json::from_str::<DeliveryType>("42").is_err());
    }
}
