//! Open enums: the known values are typed, any other value is kept as it came.
//!
//! Generated enums are exhaustive, so one value Atlas adds later would make a whole page undecodable. The
//! generator substitutes these types for the spec's enum schemas of the same name (`with_replacement` in
//! `xtask/src/codegen.rs`). One macro writes them all, so that they behave alike.

/// An enum over string values with an `Unknown(String)` variant for values this crate does not know; it
/// serializes back to exactly what it read.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, $description:literal {
            $($(#[$variant_meta:meta])* $variant:ident = $value:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[allow(missing_docs)] // each value is documented in the spec, shown on the field that holds it
                $(#[$variant_meta])* $variant,
            )+
            /// A value this version of the client does not know, kept verbatim so that it serializes back unchanged.
            Unknown(String),
        }

        impl $name {
            /// The value as Atlas spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    $($value => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                let Ok(parsed) = value.parse();
                Ok(parsed)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).into()
            }

            fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
                // Any string is accepted; the known values are listed as examples, not as a closed `enum`.
                let mut schema = String::json_schema(generator).into_object();
                schema.metadata().description = Some($description.into());
                schema.metadata().examples = [$($value),+].into_iter().map(serde_json::Value::from).collect();
                schema.into()
            }
        }
    };
}

open_enum! {
    /// How a serverless restore job delivers the snapshot.
    pub enum DeliveryType, "How the restore job delivers the snapshot; values other than these may appear." {
        /// Atlas restores the snapshot into the target instance (the only value Atlas returns for serverless).
        Automated = "automated",
        /// The snapshot is offered as files to download, see `deliveryUrl`.
        Download = "download",
        /// Atlas restores to a point in time.
        PointInTime = "pointInTime",
    }
}

open_enum! {
    /// How a Flex restore job delivers the snapshot.
    pub enum FlexDeliveryType, "How the Flex restore job delivers the snapshot; values other than these may appear." {
        /// Atlas restores the snapshot into the target cluster.
        Restore = "RESTORE",
        /// The snapshot is offered for download, see `snapshotUrl`.
        Download = "DOWNLOAD",
    }
}

open_enum! {
    /// Where a Flex restore job stands.
    pub enum FlexRestoreJobStatus, "Where the Flex restore job stands; values other than these may appear." {
        Pending = "PENDING",
        Queued = "QUEUED",
        Running = "RUNNING",
        Failed = "FAILED",
        Completed = "COMPLETED",
    }
}

open_enum! {
    /// Where a Flex snapshot stands.
    pub enum FlexSnapshotStatus, "Where the Flex snapshot stands; values other than these may appear." {
        Pending = "PENDING",
        Queued = "QUEUED",
        Running = "RUNNING",
        Failed = "FAILED",
        Completed = "COMPLETED",
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
    fn flex_values_are_typed_and_unknown_ones_kept() {
        let statuses: Vec<FlexRestoreJobStatus> =
            serde_json::from_str(r#"["PENDING","QUEUED","RUNNING","FAILED","COMPLETED","PAUSED"]"#).unwrap();
        assert_eq!(statuses[4], FlexRestoreJobStatus::Completed);
        assert_eq!(statuses[5], FlexRestoreJobStatus::Unknown("PAUSED".into()));
        assert_eq!(
            serde_json::to_string(&statuses).unwrap(),
            r#"["PENDING","QUEUED","RUNNING","FAILED","COMPLETED","PAUSED"]"#
        );
        let delivery: FlexDeliveryType = serde_json::from_str(r#""DOWNLOAD""#).unwrap();
        assert_eq!(delivery, FlexDeliveryType::Download);
        assert_eq!(delivery.to_string(), "DOWNLOAD");
    }

    #[test]
    fn a_non_string_value_is_an_error() {
        assert!(serde_json::from_str::<DeliveryType>("42").is_err());
        assert!(serde_json::from_str::<FlexRestoreJobStatus>("null").is_err());
    }
}
