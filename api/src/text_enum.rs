//! Statuses and kinds are enums stored as text. [`text_enum!`] defines such an enum with its one
//! mapping to text, used everywhere: JSON (serde), the OpenAPI schema, query filters (`as_str`),
//! and rows read from the database (`#[diesel(deserialize_as = String)]` on the row's field, which
//! goes through `TryFrom<String>`). An unknown stored value is an error, never a silent default.

use std::fmt;

/// A stored or given text that names no variant of the enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownText {
    pub type_name: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a known {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownText {}

/// `text_enum!(/// docs
///     Name { Variant => "text", … })` — see the module documentation.
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $text:tt),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and serialised text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The variant named by `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::UnknownText;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::text_enum::UnknownText {
                    type_name: stringify!($name),
                    value: s.to_string(),
                })
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::text_enum::UnknownText;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    text_enum!(Colour { Red => "red", DarkBlue => "dark_blue" });

    #[test]
    fn one_mapping_both_ways_and_unknown_is_an_error() {
        assert_eq!(Colour::ALL, &[Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark_blue\""
        );
        assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
        assert_eq!(
            Colour::try_from("dark_blue".to_string()),
            Ok(Colour::DarkBlue)
        );
        let err = "blue".parse::<Colour>().unwrap_err();
        assert_eq!(err.to_string(), "\"blue\" is not a known Colour");
        assert!(serde_json::from_str::<Colour>("\"Red\"").is_err());
    }
}
