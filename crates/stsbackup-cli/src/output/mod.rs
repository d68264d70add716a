//! One file per output format; each is a function of the findings.

pub mod json;
pub mod text;
