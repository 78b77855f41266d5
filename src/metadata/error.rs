//! Errors raised while loading metadata, types and code, before they become
//! managed exceptions.

use std::fmt;

#[derive(Clone, Debug)]
pub enum LoadError {
    BadImage(String),
    FileNotFound(String),
    TypeLoad(String),
    MissingMethod(String),
    MissingField(String),
    InvalidProgram(String),
}

impl LoadError {
    /// The corlib exception class that reports this error.
    pub fn exception_class(&self) -> (&'static str, &'static str) {
        match self {
            LoadError::BadImage(_) => ("System", "BadImageFormatException"),
            LoadError::FileNotFound(_) => ("System.IO", "FileNotFoundException"),
            LoadError::TypeLoad(_) => ("System", "TypeLoadException"),
            LoadError::MissingMethod(_) => ("System", "MissingMethodException"),
            LoadError::MissingField(_) => ("System", "MissingFieldException"),
            LoadError::InvalidProgram(_) => ("System", "InvalidProgramException"),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            LoadError::BadImage(m)
            | LoadError::FileNotFound(m)
            | LoadError::TypeLoad(m)
            | LoadError::MissingMethod(m)
            | LoadError::MissingField(m)
            | LoadError::InvalidProgram(m) => m,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ns, name) = self.exception_class();
        write!(f, "{ns}.{name}: {}", self.message())
    }
}

pub fn invalid_program(msg: impl Into<String>) -> LoadError {
    LoadError::InvalidProgram(msg.into())
}
