//! `schema/values.schema.json` is the generated schema, checked in. This test fails when it is
//! stale; `STSBACKUP_BLESS=1 cargo test --test schema` rewrites it.

use std::path::Path;

#[test]
fn checked_in_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/values.schema.json");
    let generated = stsbackup::schema::values_schema_text();
    if std::env::var_os("STSBACKUP_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/values.schema.json is stale: run `cargo run -p stsbackup-cli -- schema > schema/values.schema.json`"
    );
}
