//! Every `console` example in the README runs here, from the repository's root, and must print
//! exactly what the README shows.

use std::path::Path;

#[test]
fn readme_console_examples_print_what_they_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(); // the CLI package is the repository's root
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let mut checked = 0;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ stsbackup ")) else {
            panic!("a console block must start with `$ stsbackup ...`: {block:?}");
        };
        let expected: String = block[1..].iter().map(|l| format!("{l}\n")).collect();
        let output = std::process::Command::new(&binary)
            .args(command.split_whitespace())
            .current_dir(&root)
            .env_remove("GITHUB_ACTIONS")
            .output()
            .unwrap();
        let actual = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            actual, expected,
            "README example `stsbackup {command}` prints something else"
        );
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} README examples found");
}
