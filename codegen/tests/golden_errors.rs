//! Golden negative tests: each `invalid/NAME.toml` must be rejected with exactly the
//! text in `invalid/NAME.err`. Set GOLDEN_BLESS=1 to rewrite the .err files after an
//! intended change of wording.
use std::path::Path;

#[test]
fn every_invalid_table_is_rejected_with_its_golden_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        cases += 1;
        let src = std::fs::read_to_string(path).unwrap();
        let err = match codegen::parse(&src) {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(e) => e.to_string(),
        };
        let golden = path.with_extension("err");
        if std::env::var_os("GOLDEN_BLESS").is_some() {
            std::fs::write(&golden, format!("{err}\n")).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("missing {}", golden.display()));
        assert_eq!(err.trim_end(), want.trim_end(), "{}", path.display());
    }
    assert!(cases >= 10, "only {cases} golden cases found");
}
