#[test]
#[ignore]
fn dump() {
    use crosscheck::ingest::{build_from_text, IngestOptions};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut out = String::new();
    for p in names {
        let raw = std::fs::read_to_string(&p).unwrap();
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let doc = build_from_text(&id, &raw, &IngestOptions::default()).unwrap();
        out += &format!("=== {id}\n");
        let ms = crosscheck_entities::mentions(&doc.text);
        for m in &ms {
            out += &format!("{:?}\t{}\t{:?}\t{:?}\n", m.kind, m.name, m.roles, m.place);
        }
    }
    std::fs::write("/tmp/ent_work/mentions.txt", out).unwrap();
}
